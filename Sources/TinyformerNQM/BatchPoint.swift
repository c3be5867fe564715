/// The tuned optimiser at one batch size: the optimal learning rate (and β for momentum) with the
/// steps it needs to reach the target loss.
///
/// JSON: `{"batch": B, "lr": η, "steps": s, "momentum": β, "loss": E[L_T], "lr_limit": η_max}`;
/// `steps` is omitted when the target is not reached within `maxSteps`, `momentum` for optimisers
/// without momentum, `loss` unless the fixed-steps objective was used.
public struct BatchPoint: Codable, Sendable, Equatable {
    public var batch: Int
    public var learningRate: Double
    public var steps: Int?
    public var momentum: Double?
    public var loss: Double?
    /// Stability limit η_max of the chosen configuration.
    public var learningRateLimit: Double

    public init(batch: Int, learningRate: Double, steps: Int?, momentum: Double? = nil, loss: Double? = nil,
                learningRateLimit: Double) {
        self.batch = batch
        self.learningRate = learningRate
        self.steps = steps
        self.momentum = momentum
        self.loss = loss
        self.learningRateLimit = learningRateLimit
    }

    /// η/(1 − β): the step size heavy-ball momentum takes in the long run (equals η without momentum).
    /// At small B momentum behaves like SGD with this learning rate, whatever the split into η and β.
    public var effectiveLearningRate: Double { learningRate / (1 - (momentum ?? 0)) }

    enum CodingKeys: String, CodingKey {
        case batch
        case learningRate = "lr"
        case steps
        case momentum
        case loss
        case learningRateLimit = "lr_limit"
    }
}
