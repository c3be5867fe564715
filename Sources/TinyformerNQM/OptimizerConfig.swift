import Foundation

/// Hyperparameters of one optimiser run on the NQM: learning rate η, heavy-ball momentum β and
/// preconditioning power p. Per coordinate the update is
///
///     vᵢ ← β vᵢ − η hᵢ^(−p) ĝᵢ,   wᵢ ← wᵢ + vᵢ
///
/// so β = 0, p = 0 is plain SGD, p > 0 preconditions with P = H^(−p), and β > 0 adds momentum.
public struct OptimizerConfig: Codable, Sendable, Equatable {
    public var learningRate: Double
    public var momentum: Double
    public var preconditionPower: Double

    public init(learningRate: Double, momentum: Double = 0, preconditionPower: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.preconditionPower = preconditionPower
    }

    /// Plain SGD with learning rate η.
    public static func sgd(learningRate: Double) -> OptimizerConfig {
        OptimizerConfig(learningRate: learningRate)
    }

    /// Heavy-ball momentum with learning rate η and momentum β.
    public static func heavyBall(learningRate: Double, momentum: Double) -> OptimizerConfig {
        OptimizerConfig(learningRate: learningRate, momentum: momentum)
    }

    /// SGD preconditioned by H^(−p).
    public static func preconditioned(learningRate: Double, power: Double) -> OptimizerConfig {
        OptimizerConfig(learningRate: learningRate, preconditionPower: power)
    }

    /// Throws unless η > 0, 0 ≤ β < 1, 0 ≤ p ≤ 1 and η is inside the stability region of `model`.
    public func validate(for model: NQM) throws(NQMError) {
        guard momentum.isFinite, momentum >= 0, momentum < 1 else {
            throw NQMError.invalidParameter(name: "momentum β", value: momentum, expected: "0 ≤ β < 1")
        }
        guard preconditionPower.isFinite, preconditionPower >= 0, preconditionPower <= 1 else {
            throw NQMError.invalidParameter(name: "precondition power p", value: preconditionPower, expected: "0 ≤ p ≤ 1")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw NQMError.invalidParameter(name: "learning rate η", value: learningRate, expected: "a finite value > 0")
        }
        let limit = model.stabilityLimit(momentum: momentum, preconditionPower: preconditionPower)
        guard learningRate < limit else {
            throw NQMError.unstableLearningRate(learningRate: learningRate, limit: limit)
        }
    }

    /// Per-coordinate step sizes ηᵢ = η hᵢ^(−p).
    func coordinateLearningRates(for model: NQM) -> [Double] {
        model.curvatures.map { learningRate * pow($0, -preconditionPower) }
    }
}
