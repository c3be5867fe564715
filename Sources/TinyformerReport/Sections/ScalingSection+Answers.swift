import Foundation

/// The scaling section's sentences and tables, each chosen by the numbers in `fits.json` and the
/// runs' `result.json`.
extension ScalingSection {
    /// 1.2: at each budget, does the loss fall with N all the way to the largest model?
    static func largerModelAnswer(_ fits: ScalingFits) -> String {
        var counter: [String] = [], monotone: [String] = []
        for budget in fits.budgets where budget.points.count >= 2 {
            let points = budget.points.sorted { $0.params < $1.params }
            guard let best = points.min(by: { $0.valLoss < $1.valLoss }), let largest = points.last else { continue }
            if best.run != largest.run {
                counter.append("at C = \(sci(budget.flops)) the best of \(points.count) sizes is \(best.run) (N = \(sci(best.params)), loss \(number(best.valLoss, digits: 4))), while the largest, \(largest.run) (N = \(sci(largest.params))), reaches only \(number(largest.valLoss, digits: 4))")
            } else {
                monotone.append(sci(budget.flops))
            }
        }
        if counter.isEmpty {
            return monotone.isEmpty ? "No budget is reached by two or more models, so the sweep cannot compare sizes at equal compute."
                : "In this sweep, yes: at every budget read (\(monotone.joined(separator: ", ")) FLOPs) the largest model that reaches it has the lowest loss. The sampled budgets are all past the point where the curves cross; below it (the left part of the figure) a smaller model is ahead, because a larger one spends each FLOP on fewer tokens."
        }
        return "**No.** At equal compute a larger model is not always better: " + counter.joined(separator: "; ") + ". A larger model costs more FLOPs per token, so at a fixed budget it has seen fewer tokens; until it has seen enough, a smaller model trained on more tokens is ahead. "
            + bestTrend(fits) + (monotone.isEmpty ? "" : " At \(monotone.joined(separator: ", ")) FLOPs the largest model sampled is the best.")
    }

    /// How the best size moves across the budgets.
    static func bestTrend(_ fits: ScalingFits) -> String {
        let bests = fits.budgets.compactMap { b in b.points.min { $0.valLoss < $1.valLoss }.map { (b.flops, $0) } }
        guard let first = bests.first, let last = bests.last, bests.count >= 2 else { return "" }
        let listed = bests.map { "\($0.1.run) at \(sci($0.0))" }.joined(separator: ", ")
        if Set(bests.map(\.1.run)).count == 1 {
            return "Over these budgets the same size, \(first.1.run), stays the best: the larger models have not caught up with it yet."
        }
        let sizes = bests.map(\.1.params)
        if zip(sizes, sizes.dropFirst()).allSatisfy({ $0 <= $1 }), last.1.params > first.1.params {
            return "The curves cross: the best size moves to larger models as the budget grows (\(listed))."
        }
        return "The best size changes with the budget without a steady trend (\(listed)): the differences are within the runs' noise."
    }

    /// Loss of every run at every budget ("—" where the run does not reach it).
    static func budgetTable(_ fits: ScalingFits) -> ReportBlock {
        let runs = Dictionary(fits.budgets.flatMap(\.points).map { ($0.run, $0.params) }, uniquingKeysWith: { a, _ in a })
            .sorted { $0.value < $1.value }.map(\.key)
        return .table(header: ["C (FLOPs)"] + runs + ["best"], rows: fits.budgets.map { budget in
            let best = budget.points.min { $0.valLoss < $1.valLoss }
            return [sci(budget.flops)] + runs.map { run in
                budget.points.first { $0.run == run }.map { number($0.valLoss, digits: 4) } ?? "—"
            } + [best?.run ?? "—"]
        })
    }

    /// 2.3.1: the vertices and how they move with the budget.
    static func profilesAnswer(_ fits: ScalingFits) -> String {
        let found = fits.budgets.filter { $0.nOpt != nil }
        guard let first = found.first, let last = found.last, let n0 = first.nOpt, let n1 = last.nOpt else {
            return "No budget has three or more sizes with a parabola that opens upward, so there is no N_opt to report; the warnings below name each budget's problem."
        }
        let extrapolated = found.filter(\.extrapolated).map { sci($0.flops) }
        var text = "For each budget a parabola in log₁₀ N is fitted to the losses of the sizes that reach it, and its vertex is N_opt. \(found.count) of \(fits.budgets.count) budgets give one. "
        if found.count >= 2 {
            let growth = n1 / n0, ratio = last.flops / first.flops
            text += growth > 1
                ? "N_opt grows with the budget: from \(sci(n0)) at C = \(sci(first.flops)) to \(sci(n1)) at C = \(sci(last.flops)) (×\(number(growth)) for ×\(number(ratio)) compute, i.e. N_opt ∝ C^\(number(log(growth) / log(ratio))) between these two). "
                : "N_opt does not grow with the budget here (\(sci(n0)) at C = \(sci(first.flops)), \(sci(n1)) at C = \(sci(last.flops))): the profiles are too flat or too noisy to locate the optimum. "
        }
        text += extrapolated.isEmpty ? "Every vertex lies inside the sampled sizes."
            : "The vertex at \(extrapolated.joined(separator: ", ")) FLOPs lies outside the sampled sizes: an extrapolation, to be trusted less."
        return text
    }

    static func optimumTable(_ fits: ScalingFits) -> ReportBlock {
        .table(header: ["C (FLOPs)", "sizes", "N_opt", "D_opt = C/(6·N_opt)", "tokens per parameter", "vertex"], rows: fits.budgets.map { b in
            [sci(b.flops), String(b.points.count), b.nOpt.map(sci) ?? "—", b.dOpt.map(sci) ?? "—",
             pair(b.nOpt, b.dOpt).map { sci($0.1 / $0.0) } ?? "—",
             b.nOpt == nil ? "none" : b.extrapolated ? "extrapolated" : "inside the sizes"]
        })
    }

    /// 2.3.2: a and b with intervals next to Chinchilla's.
    static func exponentsAnswer(_ fits: ScalingFits) -> String {
        let chinchilla = fits.chinchilla.a ?? 0.5
        guard let a = fits.isoflop.a, let b = fits.isoflop.b else {
            return "Fewer than two budgets give an N_opt, so no line N_opt ∝ C^a can be fitted (Chinchilla: a ≈ \(number(chinchilla)), b ≈ \(number(fits.chinchilla.b ?? 0.5)))."
        }
        var text = "Approach 2 fits log N_opt = a·log C + const over the budgets: **a = \(number(a))** \(ci(fits.isoflop.aCI)), and with D_opt = C/(6·N_opt), **b = \(number(b))** \(ci(fits.isoflop.bCI)) (a + b = 1 by construction). "
        if let interval = fits.isoflop.aCI, interval.count == 2 {
            text += interval[0] <= chinchilla && chinchilla <= interval[1]
                ? "Chinchilla's a ≈ \(number(chinchilla)) lies inside the bootstrap interval: this sweep cannot tell its exponent from Hoffmann et al.'s. "
                : "Chinchilla's a ≈ \(number(chinchilla)) lies outside the bootstrap interval: on this task and these sizes the optimal model grows " + (a > chinchilla ? "faster" : "more slowly") + " with compute than Chinchilla's equal split. "
        }
        if let envelope = fits.envelope.a { text += "The envelope (Approach 1) gives a = \(number(envelope)) \(ci(fits.envelope.aCI)). " }
        if let alpha = fits.law["alpha"] ?? nil, let beta = fits.law["beta"] ?? nil {
            text += "The parametric fit (Approach 3) gives α = \(number(alpha)), β = \(number(beta)), so a = β/(α+β) = \(number(beta / (alpha + beta)))."
        } else {
            text += "The parametric fit (Approach 3) did not converge on these points."
        }
        return text
    }

    static func exponentTable(_ fits: ScalingFits) -> ReportBlock {
        func row(_ name: String, _ x: ScalingFits.Allocation) -> [String] {
            [name, x.a.map { number($0) } ?? "—", ci(x.aCI), x.b.map { number($0) } ?? "—", ci(x.bCI)]
        }
        return .table(header: ["approach", "a (N_opt ∝ C^a)", "95 % interval", "b (D_opt ∝ C^b)", "95 % interval"], rows: [
            row("1 envelope", fits.envelope), row("2 IsoFLOP profiles", fits.isoflop), row("3 parametric", fits.parametric),
            row("Chinchilla (published)", fits.chinchilla),
        ])
    }

    /// 2.3.3: N_opt and D_opt at the target by the three approaches and the 20-tokens rule.
    static func splitAnswer(_ fits: ScalingFits) -> String {
        let target = sci(fits.targetFlops)
        guard let n = fits.isoflop.nOpt, let d = fits.isoflop.dOpt else {
            return "Without Approach 2's law there is no estimate at C = \(target); the rule of thumb (20 tokens per parameter) alone gives N = \(fits.chinchilla.nOpt.map(sci) ?? "—")."
        }
        let largest = fits.budgets.map(\.flops).max() ?? fits.targetFlops
        var text = "At C = \(target) FLOPs the IsoFLOP law puts **N_opt ≈ \(sci(n))** parameters \(ci(fits.isoflop.nOptCI, sci)) and **D_opt ≈ \(sci(d))** tokens, \(sci(d / n)) tokens per parameter"
        if let rule = fits.chinchilla.nOpt {
            text += " — " + (n > rule ? "a larger model on fewer tokens than" : "a smaller model on more tokens than") + " Chinchilla's 20 tokens per parameter (N = \(sci(rule)))"
        }
        text += ". The three approaches agree only roughly (table): the estimate extrapolates ×\(sci(fits.targetFlops / largest)) beyond the largest budget measured, so a small difference in the fitted exponent becomes a large one in N_opt, and Approach 3's additive law is fitted to every point, including runs far from their budget's optimum."
        return text
    }

    static func splitTable(_ fits: ScalingFits) -> ReportBlock {
        func row(_ name: String, _ x: ScalingFits.Allocation) -> [String] {
            [name, x.nOpt.map(sci) ?? "—", ci(x.nOptCI, sci), x.dOpt.map(sci) ?? "—", pair(x.nOpt, x.dOpt).map { sci($0.1 / $0.0) } ?? "—"]
        }
        return .table(header: ["approach", "N_opt at \(sci(fits.targetFlops))", "95 % interval", "D_opt", "tokens per parameter"], rows: [
            row("1 envelope", fits.envelope), row("2 IsoFLOP profiles", fits.isoflop), row("3 parametric", fits.parametric),
            row("20 tokens per parameter", fits.chinchilla),
        ])
    }

    /// 2.3.4: each course run's N against the fitted N_opt at the compute it used.
    static func computeOptimalAnswer(_ fits: ScalingFits, _ runs: [ScalingRunRecord]) -> String {
        let ratios = runs.compactMap { run in fits.optimalParams(atFlops: run.flops).map { (run, run.params / $0) } }
        guard !ratios.isEmpty else {
            return "Without a fitted law N_opt(C) the runs cannot be compared with the optimum; by the 20-tokens rule alone: " + runs.map { "\($0.name) \(number($0.tokens / $0.params)) tokens per parameter" }.joined(separator: ", ") + "."
        }
        let near = ratios.filter { (0.5...2).contains($0.1) }.map(\.0.name)
        let over = ratios.filter { $0.1 > 2 }.map(\.0.name), under = ratios.filter { $0.1 < 0.5 }.map(\.0.name)
        var text = "Every course run trains on the same data for the same epochs (D ≈ \(sci(runs[0].tokens)) tokens), so the compute grows with N alone, while the compute-optimal N at that compute is N_opt(C) = \(sci(fits.isoflop.nOpt ?? 0))·(C/\(sci(fits.targetFlops)))^\(number(fits.isoflop.a ?? 0)) from Approach 2. "
        if near.count == ratios.count {
            text += "All runs lie within a factor of two of it: the course's models are close to compute-optimal for the compute they used."
        } else {
            text += near.isEmpty ? "No run is within a factor of two of it. " : "Within a factor of two: \(near.joined(separator: ", ")). "
            if !over.isEmpty { text += "Too large for their compute (undertrained, too few tokens per parameter): \(over.joined(separator: ", ")). " }
            if !under.isEmpty { text += "Too small for their compute (overtrained; a larger model for fewer epochs would reach a lower loss): \(under.joined(separator: ", ")). " }
            text += "So the course's fixed schedule is not compute-optimal across sizes."
        }
        if let interval = fits.isoflop.aCI, interval.count == 2, interval[1] - interval[0] > 0.5 {
            text += " The exponent's bootstrap interval is wide ([\(number(interval[0])), \(number(interval[1]))]), so the ratios are indicative only."
        }
        return text
    }

    static func runTable(_ fits: ScalingFits, _ runs: [ScalingRunRecord]) -> ReportBlock {
        .table(header: ["run", "N", "C used (FLOPs)", "D (tokens)", "tokens per parameter", "N_opt(C)", "N / N_opt", "final val loss"], rows: runs.map { run in
            let optimum = fits.optimalParams(atFlops: run.flops)
            return [run.name, sci(run.params), sci(run.flops), sci(run.tokens), sci(run.tokens / run.params),
                    optimum.map(sci) ?? "—", optimum.map { number(run.params / $0) } ?? "—", run.finalValidationLoss.map { number($0, digits: 4) } ?? "—"]
        })
    }

    /// The fit's warnings as a list (empty when there are none).
    static func warningBlocks(_ fits: ScalingFits) -> [ReportBlock] {
        fits.warnings.isEmpty ? [] : [.paragraph("Warnings of the fit:"), .list(fits.warnings)]
    }

    /// "1.23e5"-style numbers for FLOPs, parameters and tokens.
    static func sci(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return number(value) }
        let exponent = Int(log10(abs(value)).rounded(.down))
        if (-2...3).contains(exponent) { return number(value) }
        let mantissa = value / pow(10, Double(exponent))
        return String(format: "%.3g", mantissa) + "e\(exponent)"
    }

    /// Both values, or nil when either is missing.
    static func pair(_ x: Double?, _ y: Double?) -> (Double, Double)? {
        guard let x, let y else { return nil }
        return (x, y)
    }

    /// "[lo, hi]" of a bootstrap interval, "—" without one.
    static func ci(_ interval: [Double]?, _ format: (Double) -> String = { number($0) }) -> String {
        guard let interval, interval.count == 2 else { return "—" }
        return "[\(format(interval[0])), \(format(interval[1]))]"
    }
}
