/// Optimal learning rate versus batch size for one optimiser.
///
/// JSON: `{"optimizer": "sgd", "target_loss": 0.01, "objective": "steps",
/// "points": [{"batch": B, "lr": η, "steps": s, "lr_limit": η_max}, …], "lr_slope_small_batch": …}`.
public struct OptimalLearningRateResult: Codable, Sendable, Equatable {
    public var optimizer: OptimizerKind
    public var targetLoss: Double
    /// "steps" (fewest steps to the target) or "loss@T" (lowest E[L_T]).
    public var objective: String
    public var points: [BatchPoint]
    /// Log-log slope of the optimal effective learning rate η/(1 − β) between the two smallest batch
    /// sizes (≈ 1: linear scaling).
    public var smallBatchSlope: Double
    /// Log-log slope between the two largest batch sizes (≈ 0: saturated at the curvature limit).
    public var largeBatchSlope: Double

    public init(optimizer: OptimizerKind, targetLoss: Double, objective: SearchOptions.Objective, points: [BatchPoint]) {
        self.optimizer = optimizer
        self.targetLoss = targetLoss
        switch objective {
        case .stepsToTarget: self.objective = "steps"
        case .lossAfter(let steps): self.objective = "loss@\(steps)"
        }
        self.points = points
        let b = points.map { Double($0.batch) }, lr = points.map(\.effectiveLearningRate)
        smallBatchSlope = b.count >= 2 ? RegimeFit.logLogSlope(x: Array(b.prefix(2)), y: Array(lr.prefix(2))) : 0
        largeBatchSlope = b.count >= 2 ? RegimeFit.logLogSlope(x: Array(b.suffix(2)), y: Array(lr.suffix(2))) : 0
    }

    enum CodingKeys: String, CodingKey {
        case optimizer
        case targetLoss = "target_loss"
        case objective
        case points
        case smallBatchSlope = "lr_slope_small_batch"
        case largeBatchSlope = "lr_slope_large_batch"
    }
}
