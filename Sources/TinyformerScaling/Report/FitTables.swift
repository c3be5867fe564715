import Foundation

/// The CSV tables of `scaling fit`.
enum FitTables {
    /// `fits.csv`: one row per approach (and Chinchilla's reference) — the exponents a and b and
    /// N_opt, D_opt at the target, each with its 95 % bootstrap interval; empty fields where there
    /// is no value.
    static func approaches(_ fit: ScalingFit) -> String {
        let report = fit.report
        var lines = ["approach,a,a_low,a_high,b,b_low,b_high,n_opt,n_opt_low,n_opt_high,d_opt,d_opt_low,d_opt_high,target_flops"]
        func field(_ v: Double?) -> String { v.flatMap { $0.isFinite ? String($0) : nil } ?? "" }
        func row(_ name: String, _ s: AllocationSummary) -> String {
            ([name] + [s.a, s.aInterval?[0], s.aInterval?[1], s.b, s.bInterval?[0], s.bInterval?[1],
                       s.optimalParams, s.optimalParamsInterval?[0], s.optimalParamsInterval?[1],
                       s.optimalTokens, s.optimalTokensInterval?[0], s.optimalTokensInterval?[1], fit.options.target].map(field))
                .joined(separator: ",")
        }
        lines.append(row("envelope (approach 1)", report.envelope))
        lines.append(row("isoflop (approach 2)", report.isoflop))
        lines.append(row("parametric (approach 3)", report.parametricSummary))
        let n = (fit.options.target / (6 * FitReport.tokensPerParameter)).squareRoot()
        lines.append(["chinchilla (20 tokens per parameter)", field(FitReport.chinchillaA), "", "", field(FitReport.chinchillaB), "", "",
                      field(n), "", "", field(FitReport.tokensPerParameter * n), "", "", field(fit.options.target)].joined(separator: ","))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `profiles.csv`: one row per budget — its sizes, the parabola, N_opt and whether the
    /// vertex is extrapolated.
    static func profiles(_ fit: ScalingFit) -> String {
        var lines = ["flops,sizes,c0,c1,c2,n_opt,d_opt,extrapolated"]
        for profile in fit.isoflop.profiles {
            let c = profile.fit?.coefficients.map { String($0) } ?? ["", "", ""]
            let n = profile.optimalParams.map { String($0) } ?? ""
            let d = profile.optimalParams.map { String(profile.budget / (6 * $0)) } ?? ""
            lines.append(([String(profile.budget), String(Set(profile.points.map(\.params)).count)] + c + [n, d, String(profile.extrapolated)])
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
