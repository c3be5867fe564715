import Foundation

/// Internal: an axis' resolved domain, ticks and data → pixel transform.
///
/// linear: p = p₀ + (v − lo)/(hi − lo)·(p₁ − p₀);  log10: the same with log₁₀ of v, lo, hi.
struct AxisMapping {
    let scale: AxisScale
    let ticks: [Double]
    let minorTicks: [Double]
    let low: Double
    let high: Double
    let pixelLow: Double
    let pixelHigh: Double

    /// Resolves an axis covering `values` (already validated: finite, and > 0 on a log axis).
    init(axis: Axis, values: [Double], pixelLow: Double, pixelHigh: Double) throws(PlotError) {
        var lo = values.min() ?? 0
        var hi = values.max() ?? 1
        if let range = axis.range {
            lo = range.lowerBound
            hi = range.upperBound
        }
        switch axis.scale {
        case .linear:
            ticks = try AxisTicks.linear(lower: lo, upper: hi)
            minorTicks = []
        case .log10:
            guard lo > 0, hi > 0 else {
                throw PlotError.nonPositiveOnLogAxis(axis: axis.label, context: "axis range", value: min(lo, hi))
            }
            ticks = try AxisTicks.log10(lower: lo, upper: hi)
            minorTicks = AxisTicks.logMinorTicks(lower: ticks.first ?? lo, upper: ticks.last ?? hi)
        }
        scale = axis.scale
        low = ticks.first ?? lo
        high = ticks.last ?? hi
        self.pixelLow = pixelLow
        self.pixelHigh = pixelHigh
    }

    /// Pixel position of a data value.
    func position(_ v: Double) -> Double {
        let (t, a, b): (Double, Double, Double)
        switch scale {
        case .linear: (t, a, b) = (v, low, high)
        case .log10: (t, a, b) = (log10(v), log10(low), log10(high))
        }
        let f = b > a ? (t - a) / (b - a) : 0.5
        return pixelLow + f * (pixelHigh - pixelLow)
    }

    /// Minor ticks that get a label too: 2·10ᵏ and 5·10ᵏ when a log axis spans at most two decades.
    var labelledMinorTicks: [Double] {
        guard scale == .log10, ticks.count <= 3 else { return [] }
        return minorTicks.filter { tick in
            let mantissa = tick / AxisTicks.powerOfTen(Int(log10(tick).rounded(.down)))
            return abs(mantissa - 2) < 1e-9 || abs(mantissa - 5) < 1e-9
        }
    }

    /// The label text of a tick.
    func label(_ tick: Double) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : nil
        return AxisTicks.label(tick, step: step, logScale: scale == .log10)
    }
}
