import Foundation

/// Text outputs of the NQM experiments: CSV files, markdown tables and JSON.
public enum NQMReport {
    /// `batch,lr,steps,momentum,loss,lr_limit` (empty cells for absent values).
    public static func optimalLearningRateCSV(_ points: [BatchPoint]) -> String {
        var lines = ["batch,lr,steps,momentum,loss,lr_limit"]
        for p in points {
            lines.append([String(p.batch), number(p.learningRate), p.steps.map(String.init) ?? "",
                          p.momentum.map(number) ?? "", p.loss.map(number) ?? "", number(p.learningRateLimit)]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `optimizer,batch,lr,momentum,steps,lr_limit`, one row per optimiser and batch size.
    public static func stepsVsBatchCSV(_ results: [BatchScalingResult]) -> String {
        var lines = ["optimizer,batch,lr,momentum,steps,lr_limit"]
        for result in results {
            for p in result.points {
                lines.append([result.optimizer.rawValue, String(p.batch), number(p.learningRate),
                              p.momentum.map(number) ?? "", p.steps.map(String.init) ?? "",
                              number(p.learningRateLimit)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `step,exact,mc_mean,mc_standard_error,mc_ci_low,mc_ci_high` (95 % interval).
    public static func simulationCSV(_ result: SimulationResult) -> String {
        var lines = ["step,exact,mc_mean,mc_standard_error,mc_ci_low,mc_ci_high"]
        let low = result.lowerBounds(), high = result.upperBounds()
        for j in result.steps.indices {
            lines.append([String(result.steps[j]), number(result.exact[j]), number(result.mean[j]),
                          number(result.standardError[j]), number(low[j]), number(high[j])].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown table: B, optimal η (β), η/η_max, steps (and E[L_T] for the fixed-steps objective).
    public static func optimalLearningRateTable(_ points: [BatchPoint]) -> String {
        let hasMomentum = points.contains { $0.momentum != nil }
        let hasLoss = points.contains { $0.loss != nil }
        var header = "| B | optimal lr |" + (hasMomentum ? " β | lr/(1-β) |" : "") + " lr / lr_max | steps to target |"
        var rule = "|---:|---:|" + (hasMomentum ? "---:|---:|" : "") + "---:|---:|"
        if hasLoss { header += " E[L_T] |"; rule += "---:|" }
        var lines = [header, rule]
        for p in points {
            var row = "| \(p.batch) | \(String(format: "%.4g", p.learningRate)) |"
            if hasMomentum {
                row += " \(p.momentum.map { String(format: "%.3g", $0) } ?? "") | \(String(format: "%.4g", p.effectiveLearningRate)) |"
            }
            row += " \(String(format: "%.3f", p.learningRate / p.learningRateLimit)) | \(p.steps.map(String.init) ?? "not reached") |"
            if hasLoss { row += " \(p.loss.map { String(format: "%.4g", $0) } ?? "") |" }
            lines.append(row)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown table with one column group per optimiser: steps and optimal lr per batch size,
    /// followed by the regime summary (slopes, B_crit, B_noise).
    public static func stepsVsBatchTable(_ results: [BatchScalingResult]) -> String {
        guard let first = results.first else { return "" }
        var header = "| B |", rule = "|---:|"
        for r in results {
            header += " \(r.optimizer.rawValue) steps | \(r.optimizer.rawValue) lr |"
            rule += "---:|---:|"
            if r.optimizer == .momentum { header += " β |"; rule += "---:|" }
        }
        var lines = [header, rule]
        for (j, point) in first.points.enumerated() {
            var row = "| \(point.batch) |"
            for r in results {
                let p = j < r.points.count ? r.points[j] : nil
                row += " \(p?.steps.map(String.init) ?? "–") | \(p.map { String(format: "%.4g", $0.learningRate) } ?? "–") |"
                if r.optimizer == .momentum { row += " \(p?.momentum.map { String(format: "%.3g", $0) } ?? "–") |" }
            }
            lines.append(row)
        }
        lines.append("")
        lines.append("| optimizer | slope (smallest B) | slope (largest B) | S_min | B_crit | B_noise(w0) | B_noise(target) |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for r in results {
            lines.append("| \(r.optimizer.rawValue) | \(String(format: "%.3f", r.regime.smallBatchSlope)) | \(String(format: "%.3f", r.regime.largeBatchSlope)) | \(String(format: "%.0f", r.regime.minimumSteps)) | \(String(format: "%.1f", r.criticalBatch)) | \(String(format: "%.3g", r.noiseScalePrediction)) | \(String(format: "%.3g", r.noiseScaleAtTarget)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pretty-printed JSON with sorted keys.
    public static func json<Value: Encodable>(_ value: Value) throws(NQMError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw NQMError.invalidModel("JSON encoding failed: \(error)")
        }
    }

    /// Shortest round-tripping decimal form of a Double.
    static func number(_ v: Double) -> String { "\(v)" }
}
