/// Errors thrown by the noisy quadratic model for invalid input or unreachable targets.
/// Every message names the parameter, the value received and what was expected.
public enum NQMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model definition is unusable (empty, mismatched lengths, h ≤ 0, c < 0, NaN …).
    case invalidModel(String)
    /// A scalar parameter is outside its valid range.
    case invalidParameter(name: String, value: Double, expected: String)
    /// The list of batch sizes is empty or holds a value < 1.
    case invalidBatchSizes(String)
    /// The learning rate lies outside the stability region η < 2(1 + β)/maxᵢ hᵢ^(1−p).
    case unstableLearningRate(learningRate: Double, limit: Double)
    /// No learning rate in the search region reaches the target loss within `maxSteps` steps.
    case targetNotReached(target: Double, batchSize: Int, maxSteps: Int)

    public var description: String {
        switch self {
        case .invalidModel(let message):
            return "NQM: invalid model: \(message)"
        case .invalidParameter(let name, let value, let expected):
            return "NQM: invalid \(name) = \(Self.format(value)): expected \(expected)"
        case .invalidBatchSizes(let message):
            return "NQM: invalid batch sizes: \(message)"
        case .unstableLearningRate(let lr, let limit):
            return "NQM: learning rate \(lr) is outside the stability region (must be < \(limit))"
        case .targetNotReached(let target, let batch, let maxSteps):
            return "NQM: target loss \(target) is not reached at batch size \(batch) by any learning rate within \(maxSteps) steps (raise --max-steps or the target)"
        }
    }

    /// Integral values print without ".0" (batch sizes, dimensions, step counts).
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
