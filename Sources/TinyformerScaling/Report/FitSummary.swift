import Foundation

/// The plain-text summary `scaling fit` prints: N_opt per budget, then each approach's exponents
/// and estimate at the target next to Chinchilla's.
public enum FitSummary {
    public static func text(_ fit: ScalingFit) -> String {
        func number(_ v: Double?) -> String { v.map { String(format: "%.3g", $0) } ?? "—" }
        func interval(_ v: [Double]?) -> String { v.map { String(format: "[%.3g, %.3g]", $0[0], $0[1]) } ?? "" }
        func row(_ fields: [String], _ widths: [Int]) -> String {
            zip(fields, widths).map { $0.padding(toLength: max($1, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
        }
        var lines = ["\(fit.sweep.plan.settings.sweepProtocol.rawValue) sweep: \(fit.sweep.runs.count) runs", "",
                     row(["budget", "sizes", "N_opt", "D_opt"], [9, 6, 10, 10])]
        for p in fit.isoflop.profiles {
            let n = p.optimalParams
            lines.append(row([SweepPlan.label(p.budget), String(Set(p.points.map(\.params)).count), number(n),
                              number(n.map { p.budget / (6 * $0) }) + (p.extrapolated ? "  (extrapolated)" : "")], [9, 6, 10, 10]))
        }
        let report = fit.report
        let target = SweepPlan.label(fit.options.target)
        let widths = [25, 24, 24, 28, 28]
        lines += ["", row(["approach", "a", "b", "N_opt(\(target))", "D_opt(\(target))"], widths)]
        for (name, s) in [("1 envelope", report.envelope), ("2 IsoFLOP profiles", report.isoflop), ("3 parametric", report.parametricSummary)] {
            lines.append(row([name, "\(number(s.a)) \(interval(s.aInterval))", "\(number(s.b)) \(interval(s.bInterval))",
                              "\(number(s.optimalParams)) \(interval(s.optimalParamsInterval))",
                              "\(number(s.optimalTokens)) \(interval(s.optimalTokensInterval))"], widths))
        }
        let n = (fit.options.target / (6 * FitReport.tokensPerParameter)).squareRoot()
        lines.append(row(["Chinchilla, 20 tok/param", "0.5", "0.5", number(n), number(FitReport.tokensPerParameter * n)], widths))
        if let law = fit.parametric.law {
            lines.append(String(format: "\nL(N, D) = %.4g + %.4g / N^%.4g + %.4g / D^%.4g", law.E, law.A, law.alpha, law.B, law.beta))
        }
        return lines.joined(separator: "\n")
    }
}
