import Foundation

/// Section 2.3 (and 1.2): IsoFLOP scaling laws of the decoder-only translator (`scaling`). The
/// course protocol: every width trained on the small set with the course's schedule; the loss at
/// each budget read off the curves; Hoffmann et al.'s three approaches fitted by `scaling fit`.
public struct ScalingSection: SectionPlan {
    public let id = "scaling"
    public let title = "1.2, 2.3 Scaling laws (IsoFLOP)"
    public let questions: [(number: String, title: String)] = [
        ("1.2", "Does a larger model always reach a lower loss at equal compute?"),
        ("2.3.1", "IsoFLOP profiles and the optimal model size per budget"),
        ("2.3.2", "Fitted scaling exponents"),
        ("2.3.3", "How should a 10¹⁵-FLOP budget be split between parameters and data?"),
        ("2.3.4", "Are the course's models compute-optimal?"),
    ]

    public init() {}

    /// Quick: four widths for 20 epochs at the quick learning rate, budgets the runs reach;
    /// full: the course's six widths, 100 epochs and budgets 8e10 … 1.28e12 (the h128 run alone
    /// is most of it; see docs/PERFORMANCE.md for the measured time).
    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        let sweep = mode == .quick
            ? ["--sizes", "16,32,48,64", "--epochs", "20", "--lr", "2e-3", "--budgets", "3e10,4e10,8e10,1.2e11"] : []
        let fit = mode == .quick ? ["--bootstrap", "200", "--parametric-bootstrap", "8"] : ["--bootstrap", "1000", "--parametric-bootstrap", "40"]
        return [ReproductionStep(name: "sweep", executable: "scaling",
                                 arguments: ["sweep", "--protocol", "course", "--out", "{out}/sweep"] + sweep,
                                 estimatedSeconds: mode == .quick ? 70 : 270),
                ReproductionStep(name: "fit", executable: "scaling",
                                 arguments: ["fit", "--in", "{out}/sweep", "--out", "{out}/fit", "--seed", "0"] + fit,
                                 estimatedSeconds: mode == .quick ? 5 : 5)]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        let fitFolder = folder.appendingPathComponent("fit")
        let fits = try context.read(ScalingFits.self, fitFolder.appendingPathComponent("fits.json"))
        let runs = try ScalingRunRecord.all(in: folder.appendingPathComponent("sweep"), context: context)
        guard !runs.isEmpty else { throw ReportError.missingResult(path: folder.appendingPathComponent("sweep").path, what: "no finished run") }
        let figure = { (name: String, caption: String) in try context.figure(fitFolder.appendingPathComponent(name), caption: caption) }
        return [
            ReportQuestion(number: "1.2", title: questions[0].title, blocks: [
                try figure("loss_vs_flops.svg", "Validation loss against cumulative training FLOPs (course count), one curve per width; the budgets marked"),
                .paragraph(Self.largerModelAnswer(fits)),
                Self.budgetTable(fits),
            ]),
            ReportQuestion(number: "2.3.1", title: questions[1].title, blocks: [
                try figure("isoflop.svg", "IsoFLOP profiles: loss against N at each budget, the fitted parabolas in log₁₀ N and their vertices"),
                .paragraph(Self.profilesAnswer(fits)),
                Self.optimumTable(fits),
                .paragraph("The vertex of each budget's parabola (the assignment's `find_optimal_params`):"),
                context.quote("Sources/TinyformerScaling/Fits/IsoFLOPProfile.swift", "public static func fit(budget: Double, points: [ProfilePoint])"),
            ] + Self.warningBlocks(fits)),
            ReportQuestion(number: "2.3.2", title: questions[2].title, blocks: [
                try figure("optimal_params.svg", "N_opt against C (log-log), the fitted line with its bootstrap band and the 10¹⁵ point"),
                .paragraph(Self.exponentsAnswer(fits)),
                Self.exponentTable(fits),
            ]),
            ReportQuestion(number: "2.3.3", title: questions[3].title, blocks: [
                try figure("optimal_tokens.svg", "D_opt = C/(6·N_opt) against C, with the 10¹⁵ point"),
                .paragraph(Self.splitAnswer(fits)),
                Self.splitTable(fits),
            ]),
            ReportQuestion(number: "2.3.4", title: questions[4].title, blocks: [
                .paragraph(Self.computeOptimalAnswer(fits, runs)),
                Self.runTable(fits, runs),
            ]),
        ]
    }
}
