import Foundation

/// The two regimes of steps-to-target S(B) and where they meet.
///
/// - Perfect scaling (noise-dominated, small B): S ≈ K/B. K is the geometric mean of Sⱼ·Bⱼ over
///   the leading batch sizes whose local log-log slope is ≤ −0.8 (at least the smallest B).
/// - Curvature-limited floor (large B): S ≈ S_min = minⱼ Sⱼ.
/// - Critical batch size: the intersection K/B = S_min, i.e. B_crit = K / S_min. (McCandlish et
///   al.'s S = S_min(1 + B_crit/B) has the same asymptotes.)
public struct RegimeFit: Codable, Sendable, Equatable {
    public var perfectScalingConstant: Double
    public var minimumSteps: Double
    public var criticalBatch: Double
    /// Log-log slope between the two smallest batch sizes (≈ −1 in the perfect-scaling regime).
    public var smallBatchSlope: Double
    /// Log-log slope between the two largest batch sizes (≈ 0 on the floor).
    public var largeBatchSlope: Double

    enum CodingKeys: String, CodingKey {
        case perfectScalingConstant = "perfect_scaling_constant"
        case minimumSteps = "min_steps"
        case criticalBatch = "critical_batch"
        case smallBatchSlope = "small_batch_slope"
        case largeBatchSlope = "large_batch_slope"
    }

    /// Fits the regimes to (Bⱼ, Sⱼ), sorted by B; needs ≥ 2 points with B, S > 0.
    public static func fit(batches: [Double], steps: [Double]) throws(NQMError) -> RegimeFit {
        guard batches.count == steps.count, batches.count >= 2 else {
            throw NQMError.invalidBatchSizes("a regime fit needs at least two (batch, steps) pairs, got \(min(batches.count, steps.count))")
        }
        for (b, s) in zip(batches, steps) where !(b > 0 && s > 0 && b.isFinite && s.isFinite) {
            throw NQMError.invalidParameter(name: "steps at batch \(b)", value: s, expected: "finite batch and steps > 0")
        }
        let order = batches.indices.sorted { batches[$0] < batches[$1] }
        let b = order.map { batches[$0] }, s = order.map { steps[$0] }
        let slopes = (0..<(b.count - 1)).map { logLogSlope(x: [b[$0], b[$0 + 1]], y: [s[$0], s[$0 + 1]]) }
        var leading = 1
        while leading < b.count, slopes[leading - 1] <= -0.8 { leading += 1 }
        var logK = 0.0
        for j in 0..<leading { logK += log(s[j] * b[j]) }
        let k = exp(logK / Double(leading))
        let floor = s.min() ?? 1
        return RegimeFit(perfectScalingConstant: k, minimumSteps: floor, criticalBatch: k / floor,
                         smallBatchSlope: slopes.first ?? 0, largeBatchSlope: slopes.last ?? 0)
    }

    /// Least-squares slope of log y against log x (all values > 0; 0 if x is constant).
    public static func logLogSlope(x: [Double], y: [Double]) -> Double {
        let lx = x.map { log($0) }, ly = y.map { log($0) }
        let n = Double(min(lx.count, ly.count))
        guard n >= 2 else { return 0 }
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (u, v) in zip(lx, ly) {
            sxy += (u - mx) * (v - my)
            sxx += (u - mx) * (u - mx)
        }
        return sxx > 0 ? sxy / sxx : 0
    }
}
