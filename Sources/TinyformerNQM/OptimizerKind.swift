/// The optimiser families compared on the NQM.
///
/// - `sgd`: w ← w − η ĝ.
/// - `momentum`: heavy ball, v ← β v − η ĝ, w ← w + v (β tuned over a grid).
/// - `precond`: preconditioned SGD, w ← w − η H^(−p) ĝ.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd
    case momentum
    case precond

    /// Human-readable name for tables and chart legends.
    public var displayName: String {
        switch self {
        case .sgd: return "SGD"
        case .momentum: return "heavy-ball momentum"
        case .precond: return "preconditioned SGD"
        }
    }
}
