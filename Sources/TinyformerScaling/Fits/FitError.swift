/// Why a fit cannot be made, naming the data.
public enum FitError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Too few usable points (or too few distinct x) for the model.
    case insufficientData(String)
    /// A value is NaN, infinite or out of the domain (e.g. ≤ 0 under a logarithm).
    case invalidValue(String)
    /// The least-squares problem has no unique solution.
    case singular(String)

    public var description: String {
        switch self {
        case let .insufficientData(message): return "not enough data: \(message)"
        case let .invalidValue(message): return "invalid value: \(message)"
        case let .singular(message): return "no unique fit: \(message)"
        }
    }
}
