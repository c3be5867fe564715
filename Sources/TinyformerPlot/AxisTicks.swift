import Foundation

/// Tick positions for chart axes.
///
/// - Linear ticks are "nice" numbers: the step is m·10ᵏ with m ∈ {1, 2, 5} chosen so that about
///   `targetCount` ticks cover the range, and the first/last tick are the range bounds rounded
///   outwards to multiples of the step (Heckbert, "Nice numbers for graph labels", 1990).
/// - Log ticks are exact powers of ten 10ᵏ, k = ⌊log₁₀ lower⌋ … ⌈log₁₀ upper⌉ (every n-th decade
///   when more than `maxDecadeTicks` decades are spanned), so the axis always starts and ends on a
///   power of ten.
public enum AxisTicks {
    /// Nice linear ticks covering `lower...upper` (the bounds may come in either order; a zero-width
    /// range is widened around its value). Throws on non-finite bounds.
    public static func linear(lower: Double, upper: Double, targetCount: Int = 6) throws(PlotError) -> [Double] {
        guard lower.isFinite, upper.isFinite else {
            throw PlotError.nonFiniteValue(context: "AxisTicks.linear bounds", value: lower.isFinite ? upper : lower)
        }
        var lo = min(lower, upper)
        var hi = max(lower, upper)
        if hi - lo <= 1e-12 * max(1, abs(lo)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = niceStep(span: hi - lo, targetCount: max(2, targetCount))
        let first = (lo / step).rounded(.down)
        let last = (hi / step).rounded(.up)
        let count = Int(last - first)
        guard count >= 1, count <= 1000 else {
            throw PlotError.invalidLayout("AxisTicks.linear: cannot place ticks on \(lo)...\(hi)")
        }
        return (0...count).map { i in
            let v = (first + Double(i)) * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    /// Powers of ten covering `lower...upper`; both bounds must be > 0 and finite.
    public static func log10(lower: Double, upper: Double, maxDecadeTicks: Int = 10) throws(PlotError) -> [Double] {
        for v in [lower, upper] {
            guard v.isFinite else { throw PlotError.nonFiniteValue(context: "AxisTicks.log10 bounds", value: v) }
            guard v > 0 else { throw PlotError.nonPositiveOnLogAxis(axis: "tick", context: "AxisTicks.log10 bounds", value: v) }
        }
        let (kLow, kHigh) = decadeBounds(lower: min(lower, upper), upper: max(lower, upper))
        let decades = kHigh - kLow
        let stride = max(1, Int((Double(decades) / Double(max(1, maxDecadeTicks))).rounded(.up)))
        var ticks: [Double] = []
        var k = kLow
        while k <= kHigh {
            ticks.append(powerOfTen(k))
            k += stride
        }
        if let last = ticks.last, last < powerOfTen(kHigh) { ticks.append(powerOfTen(kHigh)) }
        return ticks
    }

    /// Minor log ticks m·10ᵏ (m = 2…9) strictly inside the decades of `ticks`' range.
    static func logMinorTicks(lower: Double, upper: Double) -> [Double] {
        let kLow = Int(Foundation.log10(lower).rounded())
        let kHigh = Int(Foundation.log10(upper).rounded())
        guard kHigh - kLow <= 8 else { return [] }
        var minor: [Double] = []
        for k in kLow..<max(kLow, kHigh) {
            for m in 2...9 { minor.append(Double(m) * powerOfTen(k)) }
        }
        return minor
    }

    /// 10ᵏ as the closest Double (exact for 0 ≤ k ≤ 22).
    static func powerOfTen(_ k: Int) -> Double {
        k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k))
    }

    /// Decade exponents ⌊log₁₀ lower⌋ and ⌈log₁₀ upper⌉ (widened to span at least one decade).
    static func decadeBounds(lower: Double, upper: Double) -> (Int, Int) {
        // Snap values within 1e-9 decades of an exact power so 1000 maps to k = 3, not 2.999….
        func exponent(_ v: Double, _ rule: FloatingPointRoundingRule) -> Int {
            let l = Foundation.log10(v)
            let r = l.rounded()
            return abs(l - r) < 1e-9 ? Int(r) : Int(l.rounded(rule))
        }
        var kLow = exponent(lower, .down)
        var kHigh = exponent(upper, .up)
        if kHigh <= kLow {
            if lower == powerOfTen(kLow) { kHigh = kLow + 1 } else { kLow = kHigh - 1 }
        }
        return (kLow, kHigh)
    }

    static func niceStep(span: Double, targetCount: Int) -> Double {
        let raw = span / Double(targetCount - 1)
        let magnitude = powerOfTen(Int(Foundation.log10(raw).rounded(.down)))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A compact label for a tick value. Log axes: "0.05", "20", "1e6", "2e-7"; linear axes: decimals
    /// chosen from the tick spacing `step`, scientific notation for |v| ≥ 10⁶ or < 10⁻⁴.
    static func label(_ value: Double, step: Double?, logScale: Bool) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if logScale {
            var k = Int(Foundation.log10(magnitude).rounded(.down))
            if magnitude >= powerOfTen(k + 1) * (1 - 1e-12) { k += 1 }  // log10 of 10ᵏ may land just below k
            let mantissa = (value / powerOfTen(k) * 1e6).rounded() / 1e6
            if k >= 6 || k <= -5 {
                return mantissa == 1 ? "1e\(k)" : String(format: "%ge%d", mantissa, k)
            }
            return k >= 0 ? String(format: "%.0f", value) : String(format: "%.\(-k)f", value)
        }
        if magnitude >= 1e6 || magnitude < 1e-4 { return String(format: "%.3g", value) }
        let decimals = step.map { max(0, min(10, -Int(Foundation.log10($0).rounded(.down)))) } ?? 3
        return String(format: "%.\(decimals)f", value)
    }
}
