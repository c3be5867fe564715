import Foundation
import TinyformerNQM

/// Section 1.1: batch size vs learning rate and steps on the noisy quadratic model (`nqm`).
public struct NQMSection: SectionPlan {
    public let id = "nqm"
    public let title = "1.1 Noisy quadratic model: batch size, learning rate and steps"
    public let questions: [(number: String, title: String)] = [
        ("1.1.1", "Which point on the steps-vs-batch curve is the most efficient?"),
        ("1.1.2", "Which regime is each side of the curve in, and what accelerates training there?"),
    ]

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        // The model's defaults (d = 1000, 13 batch sizes) take seconds: the same in both modes.
        [ReproductionStep(name: "optimal-lr", executable: "nqm",
                          arguments: ["optimal-lr", "--out", "{out}", "--json", "{out}/optimal_lr.json"], estimatedSeconds: 4),
         ReproductionStep(name: "steps-vs-batch", executable: "nqm",
                          arguments: ["steps-vs-batch", "--out", "{out}", "--json", "{out}/steps_vs_batch.json"], estimatedSeconds: 20),
         ReproductionStep(name: "simulate", executable: "nqm",
                          arguments: ["simulate", "--out", "{out}", "--dimension", "100", "--batch-size", "4", "--lr", "0.2",
                                      "--runs", mode == .quick ? "200" : "1000", "--steps", "300"], estimatedSeconds: 3)]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        let optimal = try context.read(OptimalLearningRateResult.self, folder.appendingPathComponent("optimal_lr.json"))
        let scaling = try context.read([BatchScalingResult].self, folder.appendingPathComponent("steps_vs_batch.json"))
        guard let sgd = scaling.first(where: { $0.optimizer == .sgd }) else {
            throw ReportError.missingResult(path: folder.appendingPathComponent("steps_vs_batch.json").path, what: "no SGD result")
        }
        let reached = sgd.points.filter { $0.steps != nil }
        guard let first = reached.first, let last = reached.last, let floor = reached.compactMap(\.steps).min() else {
            throw ReportError.missingResult(path: folder.path, what: "no batch size reached the target")
        }
        let knee = reached.min { abs(log(Double($0.batch) / sgd.criticalBatch)) < abs(log(Double($1.batch) / sgd.criticalBatch)) } ?? first
        func examples(_ p: BatchPoint) -> Double { Double(p.batch) * Double(p.steps ?? 0) }
        let minExamples = reached.map(examples).min() ?? examples(first)

        var q1: [ReportBlock] = [
            try context.figure(folder.appendingPathComponent("steps_vs_batch.svg"), caption: "Steps to the target loss against batch size, each optimiser at its tuned learning rate"),
            .paragraph("The most efficient point is the knee of the curve, at the critical batch size where the perfect-scaling line meets the floor: for SGD **B_crit ≈ \(number(sgd.criticalBatch))**. At B = \(knee.batch) it needs \(knee.steps ?? 0) steps (\(number(Double(knee.steps ?? 0) / Double(floor))) × the floor of \(floor)) and \(number(examples(knee))) examples (\(number(examples(knee) / minExamples)) × the minimum of \(number(minExamples)))."),
            .paragraph("Examples processed stay near the minimum up to the knee and grow quickly past it (\(number(examples(last))) at B = \(last.batch)); steps keep falling until the floor. Past B_crit, doubling the batch doubles the data for almost no saving in steps; below it, halving the batch doubles the steps for almost no saving in data."),
        ]
        q1.append(.table(header: ["optimiser", "critical batch", "fewest steps", "noise-scale prediction at the target"],
                         rows: scaling.map { r in
                             [r.optimizer.rawValue, number(r.criticalBatch), String(r.points.compactMap(\.steps).min() ?? 0), number(r.noiseScaleAtTarget)]
                         }))

        let smallSlope = Self.slope(reached.prefix(3)), largeSlope = Self.slope(reached.suffix(2))
        let linear = (0.8...1.2).contains(optimal.smallBatchSlope)
        var q2: [ReportBlock] = [
            try context.figure(folder.appendingPathComponent("optimal_lr.svg"), caption: "Optimal learning rate against batch size (SGD)"),
            .paragraph("**Left of the knee (B < B_crit): the noise-dominated, perfect-scaling regime.** The steps fall with slope \(number(smallSlope)) in log-log and the optimal learning rate " + (linear ? "grows linearly with B (slope \(number(optimal.smallBatchSlope)))" : "does not grow linearly with B here (slope \(number(optimal.smallBatchSlope)))") + ": gradient noise limits the step size. Training gets faster with a larger batch and a proportionally larger learning rate (data parallelism)."),
            .paragraph("**Right of the knee: the curvature-dominated regime of diminishing returns.** The steps' slope tends to \(number(largeSlope)) and the learning rate is pinned near the stability limit 2/h_max (slope \(number(optimal.largeBatchSlope))); a larger batch buys nothing. Training gets faster only with better conditioning:"),
        ]
        q2.append(.list(scaling.filter { $0.optimizer != .sgd }.map { r in
            let rFloor = r.points.compactMap(\.steps).min() ?? 0
            let faster = rFloor > 0 && rFloor < floor
            return "\(r.optimizer.rawValue): floor \(rFloor) steps " + (faster ? "(\(number(Double(floor) / Double(rFloor)))× fewer than SGD's \(floor))" : "(not below SGD's \(floor))") + ", critical batch \(number(r.criticalBatch)) " + (r.criticalBatch > sgd.criticalBatch ? "(raised from \(number(sgd.criticalBatch)))" : "(not raised)")
        }))
        q2.append(try context.figure(folder.appendingPathComponent("simulate.svg"), caption: "Check: Monte Carlo runs of SGD against the exact expected loss"))
        return [ReportQuestion(number: "1.1.1", title: questions[0].title, blocks: q1),
                ReportQuestion(number: "1.1.2", title: questions[1].title, blocks: q2)]
    }

    /// Log-log slope of steps against batch over the first and last of `points`.
    static func slope<S: Collection>(_ points: S) -> Double where S.Element == BatchPoint {
        guard let a = points.first, let b = points.reversed().first, let sa = a.steps, let sb = b.steps, a.batch != b.batch else { return .nan }
        return log(Double(sb) / Double(sa)) / log(Double(b.batch) / Double(a.batch))
    }
}
