import Foundation

/// Section 3: BERT fine-tuning on verbal arithmetic (`bert`).
public struct BERTSection: SectionPlan {
    public let id = "bert"
    public let title = "3 BERT fine-tuning"
    public let questions: [(number: String, title: String)] = [
        ("3.1", "The classifier on BERT"),
        ("3.2", "Fine-tuning a pretrained BERT on verbal arithmetic"),
        ("3.3", "Frozen encoder and random initialisation"),
        ("3.4", "Does the pretraining data matter?"),
        ("3.5", "Where the models disagree and where they all fail"),
    ]

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        [ReproductionStep(name: "compare", executable: "bert",
                          arguments: ["compare", "--out", "{out}/compare"] + (mode == .quick ? ["--quick"] : []),
                          estimatedSeconds: mode == .quick ? 90 : 600)]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        placeholders("The BERT section's answers are not built from its results yet.")
    }
}
