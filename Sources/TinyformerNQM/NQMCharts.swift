import Foundation
import TinyformerPlot

/// SVG charts of the NQM experiments (built on `TinyformerPlot.LineChart`).
public enum NQMCharts {
    /// Series colour of each optimiser.
    public static func color(for kind: OptimizerKind) -> String {
        switch kind {
        case .sgd: return "#1f77b4"
        case .momentum: return "#d62728"
        case .precond: return "#2ca02c"
        }
    }

    /// Log-log optimal η vs B, with the stability limit η_max and a slope-1 (η ∝ B) guide through
    /// the smallest batch size.
    public static func optimalLearningRate(_ points: [BatchPoint], kind: OptimizerKind,
                                           title: String? = nil) -> LineChart {
        let color = color(for: kind)
        var series = [Series(name: "optimal lr (\(kind.displayName))",
                             points: points.map { PlotPoint(x: Double($0.batch), y: $0.learningRate) },
                             style: SeriesStyle(color: color, markers: true)),
                      Series(name: "stability limit lr_max",
                             points: points.map { PlotPoint(x: Double($0.batch), y: $0.learningRateLimit) },
                             style: SeriesStyle(color: "#555555", dashed: true, lineWidth: 1.5))]
        if points.contains(where: { $0.momentum != nil }) {
            series.append(Series(name: "effective lr η/(1−β)",
                                 points: points.map { PlotPoint(x: Double($0.batch), y: $0.effectiveLearningRate) },
                                 style: SeriesStyle(color: color, dashed: true, markers: true)))
        }
        if let first = points.first {
            let cap = points.map(\.learningRateLimit).max() ?? first.learningRateLimit
            let guide = points.map { PlotPoint(x: Double($0.batch), y: first.effectiveLearningRate * Double($0.batch) / Double(first.batch)) }
                .filter { $0.y <= cap }
            if guide.count >= 2 {
                series.append(Series(name: "lr ∝ B (linear scaling)", points: guide,
                                     style: SeriesStyle(color: "#999999", dashed: true, lineWidth: 1)))
            }
        }
        return LineChart(title: title ?? "NQM: optimal learning rate vs batch size (\(kind.displayName))",
                         xAxis: Axis(label: "batch size B", scale: .log10),
                         yAxis: Axis(label: "optimal learning rate", scale: .log10),
                         series: series)
    }

    /// Log-log steps-to-target vs B for each optimiser, with each one's perfect-scaling line K/B,
    /// floor S_min and critical batch size, and the noise-scale predictions.
    public static func stepsVsBatch(_ results: [BatchScalingResult], targetLoss: Double) -> LineChart {
        var series: [Series] = []
        var lines: [ReferenceLine] = []
        for r in results {
            let color = color(for: r.optimizer)
            let reached = r.points.compactMap { p in p.steps.map { PlotPoint(x: Double(p.batch), y: Double(max(1, $0))) } }
            guard let lo = reached.first?.x, let hi = reached.last?.x else { continue }
            series.append(Series(name: r.optimizer.displayName, points: reached, style: SeriesStyle(color: color, markers: true)))
            let k = r.regime.perfectScalingConstant, floor = r.regime.minimumSteps
            let scalingEnd = min(hi, max(lo, 2 * r.criticalBatch))
            series.append(Series(name: "\(r.optimizer.rawValue): perfect scaling K/B", points: [
                PlotPoint(x: lo, y: k / lo), PlotPoint(x: scalingEnd, y: k / scalingEnd),
            ], style: SeriesStyle(color: color, dashed: true, lineWidth: 1)))
            series.append(Series(name: "\(r.optimizer.rawValue): floor S_min", points: [
                PlotPoint(x: max(lo, r.criticalBatch / 2), y: floor), PlotPoint(x: hi, y: floor),
            ], style: SeriesStyle(color: color, dashed: true, lineWidth: 1)))
            if r.criticalBatch.isFinite, r.criticalBatch > 0 {
                lines.append(ReferenceLine(.vertical, at: r.criticalBatch,
                                           label: "B_crit \(r.optimizer.rawValue) ≈ \(String(format: "%.0f", r.criticalBatch))",
                                           color: color))
            }
        }
        if let sgd = results.first(where: { $0.optimizer == .sgd }) ?? results.first {
            let batches = sgd.points.map { Double($0.batch) }
            let range = (batches.min() ?? 1)...(batches.max() ?? 1)
            for (value, name) in [(sgd.noiseScalePrediction, "B_noise(w0)"), (sgd.noiseScaleAtTarget, "B_noise(target)")]
                where value.isFinite && value > 0 && range.contains(value) {
                lines.append(ReferenceLine(.vertical, at: value, label: "\(name) ≈ \(String(format: "%.3g", value))", color: "#777777"))
            }
        }
        return LineChart(title: "NQM: steps to reach loss \(String(format: "%g", targetLoss)) vs batch size",
                         xAxis: Axis(label: "batch size B", scale: .log10),
                         yAxis: Axis(label: "steps to target (at the optimal learning rate)", scale: .log10),
                         series: series, referenceLines: lines, width: 900, height: 560)
    }

    /// Exact E[L_t] and the Monte Carlo mean with its 95 % confidence band (log-scale loss).
    public static func simulation(_ result: SimulationResult) -> LineChart {
        func points(_ values: [Double]) -> [PlotPoint] {
            zip(result.steps, values).compactMap { $1 > 0 && $1.isFinite ? PlotPoint(x: Double($0), y: $1) : nil }
        }
        // Confidence band first, the exact curve last so it stays visible on top.
        var series: [Series] = []
        let low = points(result.lowerBounds()), high = points(result.upperBounds())
        if !low.isEmpty { series.append(Series(name: "95% CI low", points: low, style: SeriesStyle(color: "#f4a582", lineWidth: 1))) }
        if !high.isEmpty { series.append(Series(name: "95% CI high", points: high, style: SeriesStyle(color: "#f4a582", lineWidth: 1))) }
        series.append(Series(name: "Monte Carlo mean (\(result.runs) runs)", points: points(result.mean),
                             style: SeriesStyle(color: "#d62728", dashed: true, markers: result.steps.count <= 60)))
        series.append(Series(name: "exact E[L_t]", points: points(result.exact), style: SeriesStyle(color: "#1f77b4", lineWidth: 1.5)))
        let o = result.optimizer
        let label = "lr=\(String(format: "%g", o.learningRate))" + (o.momentum > 0 ? ", β=\(String(format: "%g", o.momentum))" : "")
            + (o.preconditionPower > 0 ? ", p=\(String(format: "%g", o.preconditionPower))" : "") + ", B=\(result.batchSize)"
        return LineChart(title: "NQM: Monte Carlo vs exact expected loss (\(label))",
                         xAxis: Axis(label: "step", scale: .linear),
                         yAxis: Axis(label: "loss", scale: .log10),
                         series: series)
    }
}
