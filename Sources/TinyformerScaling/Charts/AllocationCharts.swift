import Foundation
import TinyformerPlot

/// `optimal_params.svg` and `optimal_tokens.svg`: the compute-optimal N (or D) against FLOPs on
/// log-log axes — the IsoFLOP vertices, Approach 2's line with its bootstrap band, Approaches 1
/// and 3 (dashed), the 20-tokens-per-parameter rule (grey), and each approach's estimate at the
/// target budget (a vertical line marks it).
public enum AllocationCharts {
    /// What to draw for one quantity.
    public enum Quantity: Sendable {
        case params
        case tokens
    }

    public static func chart(_ quantity: Quantity, fit: ScalingFit) -> LineChart {
        let grid = fit.bandGrid
        let target = fit.options.target
        func value(_ law: AllocationLaw, _ c: Double) -> Double {
            quantity == .params ? law.optimalParams(c) : law.optimalTokens(c)
        }
        var series: [Series] = []
        let vertices = fit.isoflop.profiles.compactMap { p in p.optimalParams.map { (p.budget, quantity == .params ? $0 : p.budget / (6 * $0)) } }
            .filter { $0.1.isFinite && $0.1 > 0 }
        if !vertices.isEmpty {
            series.append(Series(name: "IsoFLOP vertices", x: vertices.map(\.0), y: vertices.map(\.1),
                                 style: SeriesStyle(color: "#000000", markers: true, line: false)))
        }
        let approaches: [(String, AllocationLaw?, String, Bool)] = [
            ("Approach 2 (IsoFLOP)", fit.isoflop.law, Palette.color(at: 0), false),
            ("Approach 1 (envelope)", fit.envelope.law, Palette.color(at: 1), true),
            ("Approach 3 (parametric)", fit.parametric.law?.allocation, Palette.color(at: 2), true),
        ]
        for (name, law, color, dashed) in approaches {
            guard let law else { continue }
            let exponent = quantity == .params ? law.a : law.b
            let line = grid.map { (c: $0, y: value(law, $0)) }.filter { $0.y.isFinite && $0.y > 0 }
            guard !line.isEmpty else { continue }
            series.append(Series(name: String(format: "%@: ∝ C^%.2f", name, exponent), x: line.map(\.c), y: line.map(\.y),
                                 style: SeriesStyle(color: color, dashed: dashed)))
            let atTarget = value(law, target)
            if atTarget.isFinite, atTarget > 0 {
                series.append(Series(name: String(format: "%@ at %@: %.3g", name, SweepPlan.label(target), atTarget),
                                     x: [target], y: [atTarget], style: SeriesStyle(color: color, markers: true, line: false)))
            }
        }
        let rule = grid.map { c -> (Double, Double) in
            let n = (c / (6 * FitReport.tokensPerParameter)).squareRoot()
            return (c, quantity == .params ? n : FitReport.tokensPerParameter * n)
        }
        series.append(Series(name: "Chinchilla: 20 tokens per parameter", x: rule.map(\.0), y: rule.map(\.1),
                             style: SeriesStyle(color: "#888888", dashed: true, lineWidth: 1)))
        var bands: [Band] = []
        if let band = fit.isoflop.bootstrap?.band, band.count >= 2 {
            bands.append(Band(name: "Approach 2, 95 % bootstrap band", x: band.map(\.flops),
                              lower: band.map { quantity == .params ? $0.paramsLow : $0.tokensLow },
                              upper: band.map { quantity == .params ? $0.paramsHigh : $0.tokensHigh }, color: Palette.color(at: 0)))
        }
        let label = quantity == .params ? "compute-optimal parameters N_opt" : "compute-optimal tokens D_opt = C / (6 N_opt)"
        return LineChart(title: quantity == .params ? "Compute-optimal model size vs compute" : "Compute-optimal training tokens vs compute",
                         xAxis: Axis(label: "training FLOPs C (course count)", scale: .log10), yAxis: Axis(label: label, scale: .log10),
                         series: series, referenceLines: [ReferenceLine(.vertical, at: target, label: "C = \(SweepPlan.label(target))")],
                         width: 900, height: 520, bands: bands)
    }
}
