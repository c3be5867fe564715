/// What a run has trained on after some number of optimizer steps.
public struct ComputeTotals: Codable, Sendable, Equatable {
    /// Optimizer steps (batches).
    public var steps: Int
    /// Sequences (pairs) trained on, epochs repeating.
    public var sequences: Int
    /// D: target tokens trained on — the positions the loss scores, target characters + EOS per
    /// pair (`TransformerInputs.scoredPositions`).
    public var targetTokens: Int
    /// The course's training FLOPs (`CourseFlops.training(batch:config:)` summed over the batches).
    public var flops: Double

    public init(steps: Int = 0, sequences: Int = 0, targetTokens: Int = 0, flops: Double = 0) {
        self.steps = steps
        self.sequences = sequences
        self.targetTokens = targetTokens
        self.flops = flops
    }

    static func + (a: ComputeTotals, b: ComputeTotals) -> ComputeTotals {
        ComputeTotals(steps: a.steps + b.steps, sequences: a.sequences + b.sequences,
                      targetTokens: a.targetTokens + b.targetTokens, flops: a.flops + b.flops)
    }

    static func * (k: Int, a: ComputeTotals) -> ComputeTotals {
        ComputeTotals(steps: k * a.steps, sequences: k * a.sequences, targetTokens: k * a.targetTokens,
                      flops: Double(k) * a.flops)
    }
}
