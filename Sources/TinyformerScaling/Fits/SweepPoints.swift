import TinyformerNN

/// The data every fit needs, taken from a loaded sweep:
///
/// - course protocol: each run's curve (validation loss against course FLOPs, one point per
///   epoch); at each budget C, the loss each curve passes through at C (log-log interpolation,
///   only for runs whose evaluations span C) and the tokens trained by then (linear in FLOPs
///   between evaluations);
/// - IsoFLOP protocol: at each budget, every run of that budget's final validation loss, its N
///   and its D; the curves are the runs' evaluations.
///
/// Approaches 2 and 3 use the budget points, Approach 1 the curves.
public struct SweepPoints: Sendable {
    public var budgets: [(budget: Double, points: [ProfilePoint])]
    public var curves: [RunCurve]
    public var warnings: [String]

    public init(_ sweep: LoadedSweep) {
        var warnings: [String] = []
        var curves: [RunCurve] = []
        for run in sweep.runs {
            do {
                let curve = try LogLogCurve(x: run.records.map(\.flops), y: run.records.map(\.validationLoss))
                curves.append(RunCurve(run: run.spec.name, params: run.result.params, curve: curve))
            } catch {
                warnings.append("run \(run.spec.name): its loss curve is unusable (\(error)); left out of the envelope")
            }
        }
        switch sweep.plan.settings.sweepProtocol {
        case .course:
            budgets = sweep.plan.budgets.map { budget in
                (budget, sweep.runs.compactMap { run -> ProfilePoint? in
                    guard let curve = curves.first(where: { $0.run == run.spec.name })?.curve,
                          let loss = curve.value(at: budget) else { return nil }
                    return ProfilePoint(run: run.spec.name, params: run.result.params, tokens: Self.tokens(run.records, at: budget),
                                        flops: budget, loss: loss)
                })
            }
        case .isoflop:
            budgets = sweep.plan.budgets.map { budget in
                (budget, sweep.runs.filter { $0.spec.budget == budget }.compactMap { run -> ProfilePoint? in
                    guard let loss = run.result.finalValidationLoss else { return nil }
                    return ProfilePoint(run: run.spec.name, params: run.result.params, tokens: Double(run.result.targetTokens),
                                        flops: run.result.flops, loss: loss)
                })
            }
        }
        self.curves = curves
        self.warnings = warnings
    }

    /// Every budget point (the parametric fit's data).
    public var allPoints: [ProfilePoint] { budgets.flatMap(\.points) }

    /// Target tokens trained by `flops`, linear in FLOPs between evaluations (from zero before
    /// the first).
    static func tokens(_ records: [MetricsRecord], at flops: Double) -> Double {
        var previous = (flops: 0.0, tokens: 0.0)
        for record in records {
            let tokens = record["tokens"] ?? .nan
            if record.flops >= flops {
                let span = record.flops - previous.flops
                return span > 0 ? previous.tokens + (flops - previous.flops) / span * (tokens - previous.tokens) : tokens
            }
            previous = (record.flops, tokens)
        }
        return previous.tokens
    }
}
