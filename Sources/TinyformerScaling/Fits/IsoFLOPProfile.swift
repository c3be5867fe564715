import Foundation

/// Approach 2 at one budget C (Hoffmann et al., §3.2): the loss of each model size as a
/// parabola in x = log₁₀ N,
///
///     L(x) ≈ c₀ + c₁x + c₂x²,   N_opt = 10^(−c₁ / 2c₂)
///
/// fitted by least squares (`Polynomial`, = `numpy.polyfit(x, L, 2)` reversed). A budget gives no
/// N_opt — with a warning naming it — when it has fewer than three distinct sizes, all losses
/// equal, or a parabola that opens downward or is flat (c₂ ≤ 0); a vertex outside the sampled
/// sizes is kept but flagged `extrapolated`, with a warning.
public struct IsoFLOPProfile: Sendable, Equatable {
    public var budget: Double
    /// The usable points, in the given order.
    public var points: [ProfilePoint]
    /// [c₀, c₁, c₂]; nil when no parabola could be fitted.
    public var fit: Polynomial?
    /// N_opt at the vertex; nil without a minimum.
    public var optimalParams: Double?
    /// The vertex lies outside [min N, max N] of the points.
    public var extrapolated: Bool
    public var warnings: [String]

    /// Fits one budget's points; never throws (problems become warnings).
    public static func fit(budget: Double, points: [ProfilePoint]) -> IsoFLOPProfile {
        let name = "budget \(SweepPlan.label(budget))"
        var warnings: [String] = []
        var usable: [ProfilePoint] = []
        for point in points {
            if point.loss.isFinite, point.params > 0 {
                usable.append(point)
            } else {
                warnings.append("\(name): run \(point.run) has loss \(point.loss) and N \(point.params); left out")
            }
        }
        var profile = IsoFLOPProfile(budget: budget, points: usable, fit: nil, optimalParams: nil, extrapolated: false, warnings: warnings)
        let sizes = Set(usable.map(\.params)).sorted()
        guard sizes.count >= 3 else {
            profile.warnings.append("\(name): \(sizes.count) model size\(sizes.count == 1 ? "" : "s") (\(sizes.map(String.init).joined(separator: ", "))) reach it; a parabola needs three; no N_opt")
            return profile
        }
        let losses = usable.map(\.loss)
        guard let low = losses.min(), let high = losses.max(), low < high else {
            profile.warnings.append("\(name): all \(usable.count) losses are equal (\(losses[0])); the profile has no minimum; no N_opt")
            return profile
        }
        let x = usable.map { log10(Double($0.params)) }
        let parabola: Polynomial
        do {
            parabola = try Polynomial.fit(x: x, y: losses, degree: 2)
        } catch {
            profile.warnings.append("\(name): \(error); no N_opt")
            return profile
        }
        profile.fit = parabola
        let c1 = parabola.coefficients[1], c2 = parabola.coefficients[2]
        guard c2 > 0 else {
            profile.warnings.append("\(name): the parabola opens downward (c₂ = \(String(format: "%.4g", c2))): the loss has no minimum over N here; no N_opt")
            return profile
        }
        let vertex = -c1 / (2 * c2)
        profile.optimalParams = pow(10, vertex)
        if let first = x.min(), let last = x.max(), vertex < first || vertex > last {
            profile.extrapolated = true
            profile.warnings.append("\(name): the vertex N_opt = \(String(format: "%.4g", pow(10, vertex))) lies outside the sampled sizes \(sizes[0])…\(sizes[sizes.count - 1]): extrapolated")
        }
        return profile
    }
}
