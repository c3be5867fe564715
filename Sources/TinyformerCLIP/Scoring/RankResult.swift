/// What `clip rank --json` writes: the caption, the scale exp(logit_scale) and every candidate
/// image's score, best first.
public struct RankResult: Codable, Sendable, Equatable {
    public let caption: String
    /// exp(logit_scale), the factor on the cosines before the softmax over images.
    public let logitScale: Float
    /// Best first.
    public let scores: [ImageScore]

    public init(caption: String, logitScale: Float, scores: [ImageScore]) {
        self.caption = caption
        self.logitScale = logitScale
        self.scores = scores
    }
}
