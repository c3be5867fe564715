/// One (model size, loss) point of a fit: a run's final loss (IsoFLOP protocol) or the loss its
/// curve passes through at a budget (course protocol).
public struct ProfilePoint: Codable, Sendable, Equatable {
    /// The run it comes from.
    public var run: String
    /// N (`ParameterCount.course`).
    public var params: Int
    /// D, target tokens trained on up to this point.
    public var tokens: Double
    /// The course FLOPs up to this point.
    public var flops: Double
    /// The validation loss.
    public var loss: Double

    public init(run: String, params: Int, tokens: Double, flops: Double, loss: Double) {
        self.run = run
        self.params = params
        self.tokens = tokens
        self.flops = flops
        self.loss = loss
    }
}
