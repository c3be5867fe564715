import Foundation

/// One image's score for a caption (`ClipScorer.rankImages`): the course's selection rule turns
/// the scaled cosine similarities of all candidate images into a probability distribution,
/// p_i = softmax_i(exp(logit_scale) · cos(image_i, caption)).
public struct ImageScore: Sendable, Equatable, Codable {
    /// The image's position among the candidates.
    public let index: Int
    /// Its name (the file name for folders).
    public let name: String
    /// cos(image, caption), in [−1, 1].
    public let cosine: Float
    /// exp(logit_scale) · cosine.
    public let logit: Float
    /// Softmax of the logits over all candidate images.
    public let probability: Float
}

/// One image's zero-shot classification (`ClipScorer.classify`): the probability of each label,
/// softmax over labels of exp(logit_scale) · cos(image, label prompt).
public struct ZeroShotPrediction: Sendable, Equatable, Codable {
    public let labels: [String]
    /// One per label, summing to 1.
    public let probabilities: [Float]
    /// cos(image, label prompt embedding), one per label.
    public let cosines: [Float]

    /// The most probable label's index (the first on ties).
    public var best: Int {
        probabilities.indices.max { probabilities[$0] < probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 > $1) } ?? 0
    }

    /// Label indices from the most to the least probable.
    public var ranking: [Int] {
        probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
    }
}

/// A softmax in Double over Float logits (max subtracted first).
func softmax(_ logits: [Float]) -> [Float] {
    guard let top = logits.max() else { return [] }
    let exps = logits.map { Foundation.exp(Double($0 - top)) }
    let total = exps.reduce(0, +)
    return exps.map { Float($0 / total) }
}
