import Foundation

/// Section 2.3 (and 1.2): IsoFLOP scaling laws of the decoder-only translator (`scaling`).
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

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        [ReproductionStep(name: "sweep", executable: "scaling",
                          arguments: ["sweep", "--protocol", "course", "--out", "{out}/sweep"] + (mode == .quick ? ["--quick"] : []),
                          estimatedSeconds: mode == .quick ? 60 : 300),
         ReproductionStep(name: "fit", executable: "scaling", arguments: ["fit", "--in", "{out}/sweep", "--out", "{out}/fit"],
                          estimatedSeconds: 5)]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        placeholders("The scaling section's answers are not built from its results yet.")
    }
}
