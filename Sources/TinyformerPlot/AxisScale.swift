/// How data values map to positions along an axis.
///
/// - `linear`: position ∝ v.
/// - `log10`: position ∝ log₁₀(v); every value on such an axis must be > 0.
public enum AxisScale: String, Equatable, Sendable, Codable {
    case linear
    case log10
}
