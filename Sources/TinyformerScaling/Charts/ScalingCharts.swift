import Foundation
import TinyformerNN
import TinyformerPlot

/// The charts of `scaling fit`: every run's loss against FLOPs with the budgets marked, the
/// IsoFLOP profiles with their parabolas and vertices, and the compute-optimal N and D against
/// FLOPs (`AllocationCharts`).
public enum ScalingCharts {
    /// `loss_vs_flops.svg`. Course protocol: every run's validation-loss curve, budgets as
    /// vertical lines. IsoFLOP protocol: each size's final loss against its runs' budgets.
    public static func lossVersusFlops(_ sweep: LoadedSweep, budgets: [Double]) -> LineChart {
        var series: [Series] = []
        switch sweep.plan.settings.sweepProtocol {
        case .course:
            for (index, run) in sweep.runs.enumerated() {
                let points = run.records.filter { $0.flops > 0 && $0.validationLoss > 0 && $0.validationLoss.isFinite }
                guard !points.isEmpty else { continue }
                series.append(Series(name: "\(run.spec.name) (N = \(run.result.params))", x: points.map(\.flops),
                                     y: points.map(\.validationLoss), style: SeriesStyle(color: Palette.color(at: index), lineWidth: 1.5)))
            }
        case .isoflop:
            let sizes = Array(Set(sweep.runs.map(\.result.hiddenSize))).sorted()
            for (index, h) in sizes.enumerated() {
                let runs = sweep.runs.filter { $0.result.hiddenSize == h }.compactMap { run in
                    run.result.finalValidationLoss.map { (flops: run.result.flops, loss: $0, params: run.result.params) }
                }.sorted { $0.flops < $1.flops }
                guard let params = runs.first?.params else { continue }
                series.append(Series(name: "h\(h) (N = \(params))", x: runs.map(\.flops), y: runs.map(\.loss),
                                     style: SeriesStyle(color: Palette.color(at: index), markers: true)))
            }
        }
        let title = sweep.plan.settings.sweepProtocol == .course
            ? "Validation loss vs training FLOPs (course protocol)" : "Final validation loss vs budget (IsoFLOP protocol)"
        return LineChart(title: title, xAxis: Axis(label: "training FLOPs (course count)", scale: .log10),
                         yAxis: Axis(label: "validation loss", scale: .log10), series: series,
                         referenceLines: budgets.map { ReferenceLine(.vertical, at: $0, label: SweepPlan.label($0), color: "#999999") })
    }

    /// `isoflop.svg`: loss against N at each budget (points), the fitted parabola in log₁₀ N
    /// (dashed) and its vertex (black).
    public static func isoflop(_ profiles: [IsoFLOPProfile]) -> LineChart {
        var series: [Series] = []
        var vertices: [PlotPoint] = []
        for (index, profile) in profiles.enumerated() where !profile.points.isEmpty {
            let color = Palette.color(at: index)
            let sorted = profile.points.sorted { $0.params < $1.params }
            series.append(Series(name: "C = \(SweepPlan.label(profile.budget))", x: sorted.map { Double($0.params) },
                                 y: sorted.map(\.loss), style: SeriesStyle(color: color, markers: true, line: false)))
            if let fit = profile.fit, let first = sorted.first, let last = sorted.last {
                let low = log10(Double(first.params)) - 0.1, high = log10(Double(last.params)) + 0.1
                let xs = (0...48).map { low + (high - low) * Double($0) / 48 }
                let curve = xs.map { (x: pow(10, $0), y: fit($0)) }.filter { $0.y.isFinite && $0.y > 0 }
                if !curve.isEmpty {
                    series.append(Series(name: "parabola \(SweepPlan.label(profile.budget))", x: curve.map(\.x), y: curve.map(\.y),
                                         style: SeriesStyle(color: color, dashed: true, lineWidth: 1.5)))
                }
                if let n = profile.optimalParams, n.isFinite, n > 0 {
                    let y = fit(log10(n))
                    if y.isFinite, y > 0 { vertices.append(PlotPoint(x: n, y: y)) }
                }
            }
        }
        if !vertices.isEmpty {
            series.append(Series(name: "vertex N_opt", points: vertices, style: SeriesStyle(color: "#000000", markers: true, line: false)))
        }
        return LineChart(title: "IsoFLOP profiles: loss vs parameters at each budget",
                         xAxis: Axis(label: "parameters N", scale: .log10), yAxis: Axis(label: "validation loss"), series: series)
    }
}
