import Foundation
import TinyformerTensor

// Shape letters: I candidate images, K captions tried in one round, P projection width.

/// Searches for a caption that makes a target image the top one among candidates (the course's
/// question 4.2 as a tool): beam search over words appended to a prefix. Each round extends every
/// caption on the beam by every word, scores all the new captions at once by the course's rule —
/// p(target | caption) = softmax over images of exp(logit_scale) · cos(image, caption) — and keeps
/// the `beamWidth` best. It stops at the first round in which some caption puts the target first
/// (the best such caption is returned), or after `maxWords` words. `beamWidth` 1 is greedy search.
/// Every caption scored is a try, recorded in `trace`.
public struct CaptionSearch: Sendable {
    /// One caption scored.
    public struct Attempt: Codable, Sendable, Equatable {
        public let caption: String
        /// p(target | caption).
        public let targetProbability: Float
        /// The target's rank among the images for this caption (1 = selected).
        public let targetRank: Int
        /// The image this caption selects.
        public let topImage: String
    }

    /// What a search found.
    public struct Outcome: Codable, Sendable, Equatable {
        /// The best caption: the first found that selects the target, else the most probable.
        public let caption: String
        public let selectsTarget: Bool
        public let targetProbability: Float
        /// Captions scored until the answer (every attempt of the rounds run).
        public let tries: Int
        public let trace: [Attempt]
    }

    public var words: [String]
    public var beamWidth: Int
    public var maxWords: Int
    /// What every caption starts with ("a" for the synthetic captions).
    public var prefix: String

    public init(words: [String], beamWidth: Int = 3, maxWords: Int = 6, prefix: String = "") throws(ClipError) {
        let cleaned = words.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw .invalidArgument("caption search: the word list is empty") }
        guard beamWidth >= 1, (1...32).contains(maxWords) else {
            throw .invalidArgument("caption search: beam width must be ≥ 1 and max words in 1…32, got \(beamWidth), \(maxWords)")
        }
        self.words = cleaned
        self.beamWidth = beamWidth
        self.maxWords = maxWords
        self.prefix = prefix.trimmingCharacters(in: .whitespaces)
    }

    /// Searches for a caption selecting image `target` among `imageEmbeddings` (I, P), whose
    /// names are `names`.
    public func run(_ scorer: ClipScorer, imageEmbeddings: Tensor, names: [String], target: Int) throws -> Outcome {
        guard imageEmbeddings.rank == 2, imageEmbeddings.shape[0] == names.count, names.indices.contains(target) else {
            throw ClipError.invalidArgument("caption search: target \(target) among \(names.count) images of embeddings \(imageEmbeddings.shape)")
        }
        var beam = [prefix]
        var trace: [Attempt] = []
        var best: Attempt?
        for _ in 0..<maxWords {
            let captions = beam.flatMap { head in words.map { head.isEmpty ? $0 : head + " " + $0 } }
            let attempts = try score(captions, scorer: scorer, images: imageEmbeddings, names: names, target: target)
            trace += attempts
            let ranked = attempts.sorted { $0.targetProbability > $1.targetProbability }
            if let winner = ranked.first(where: { $0.targetRank == 1 }) {
                return Outcome(caption: winner.caption, selectsTarget: true, targetProbability: winner.targetProbability,
                               tries: trace.count, trace: trace)
            }
            if let top = ranked.first, top.targetProbability > best?.targetProbability ?? -1 { best = top }
            beam = ranked.prefix(beamWidth).map(\.caption)
        }
        return Outcome(caption: best?.caption ?? prefix, selectsTarget: false, targetProbability: best?.targetProbability ?? 0,
                       tries: trace.count, trace: trace)
    }

    /// Scores captions in one batch: (K, P) texts against (I, P) images.
    private func score(_ captions: [String], scorer: ClipScorer, images: Tensor, names: [String], target: Int) throws -> [Attempt] {
        let cos = try scorer.cosines(images: try scorer.embed(texts: captions), texts: images)  // (K, I)
        let count = names.count, scale = scorer.logitScale
        return captions.enumerated().map { k, caption in
            let row = Array(cos.scalars[(k * count)..<((k + 1) * count)])
            let probabilities = softmax(row.map { $0 * scale })
            let rank = 1 + row.indices.filter { $0 != target && row[$0] > row[target] }.count
            let top = row.indices.max { row[$0] < row[$1] } ?? target
            return Attempt(caption: caption, targetProbability: probabilities[target], targetRank: rank, topImage: names[top])
        }
    }
}
