import Foundation
import TinyformerRandom

/// Approach 2 over every budget: one `IsoFLOPProfile` per budget, then the straight lines
///
///     log₁₀ N_opt = a · log₁₀ C + c,    D_opt = C / (6 · N_opt)   (so b = 1 − a)
///
/// through the budgets' vertices (least squares, extrapolated vertices included and flagged),
/// with bootstrap intervals: each replicate resamples, within every budget, that budget's runs
/// with replacement, refits every parabola and the line (budgets left without a vertex drop out
/// of that replicate; replicates with fewer than two vertices give no line).
public struct IsoFLOPAnalysis: Sendable {
    public var profiles: [IsoFLOPProfile]
    /// The line through the vertices; nil with fewer than two.
    public var law: AllocationLaw?
    public var bootstrap: BootstrapSummary?
    public var warnings: [String]

    /// - Parameters:
    ///   - points: each budget's points.
    ///   - target: the budget of the headline estimate (1e15).
    ///   - grid: FLOP values of the chart's confidence band.
    public static func fit(points: [(budget: Double, points: [ProfilePoint])], replicates: Int, seed: UInt64,
                           target: Double, grid: [Double]) -> IsoFLOPAnalysis {
        let profiles = points.map { IsoFLOPProfile.fit(budget: $0.budget, points: $0.points) }
        var warnings = profiles.flatMap(\.warnings)
        let law = line(profiles)
        let vertices = profiles.filter { $0.optimalParams != nil }.count
        if law == nil {
            warnings.append("IsoFLOP profiles: \(vertices) budget\(vertices == 1 ? "" : "s") with a minimum; the N_opt(C) line needs two; no exponent")
        } else if vertices == 2 {
            warnings.append("IsoFLOP profiles: the N_opt(C) line runs through only two budgets' vertices")
        }
        var summary: BootstrapSummary?
        if law != nil, replicates > 0 {
            var generator = SeededGenerator(seed: seed)
            var laws: [AllocationLaw] = []
            for _ in 0..<replicates {
                let resampled = points.map { budget, list in
                    IsoFLOPProfile.fit(budget: budget, points: Bootstrap.resample(list.count, using: &generator).map { list[$0] })
                }
                if let replicate = line(resampled) { laws.append(replicate) }
            }
            summary = BootstrapSummary(laws: laws, replicates: replicates, seed: seed, target: target, grid: grid)
            if laws.count < replicates / 2 {
                warnings.append("IsoFLOP bootstrap: only \(laws.count) of \(replicates) replicates gave a line (resampled budgets often lost their minimum); the interval is unreliable")
            }
        }
        return IsoFLOPAnalysis(profiles: profiles, law: law, bootstrap: summary, warnings: warnings)
    }

    /// The least-squares line through the profiles' vertices.
    static func line(_ profiles: [IsoFLOPProfile]) -> AllocationLaw? {
        let vertices = profiles.compactMap { p in p.optimalParams.map { (p.budget, $0) } }
        guard Set(vertices.map(\.0)).count >= 2, let law = try? PowerLaw.fit(x: vertices.map(\.0), y: vertices.map(\.1)) else {
            return nil
        }
        return AllocationLaw(params: law)
    }
}
