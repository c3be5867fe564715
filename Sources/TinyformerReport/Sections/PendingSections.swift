import Foundation

/// Sections whose capabilities arrive in later builds: their steps run when the executable
/// exists; until then the report says so under each question.

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

/// Section 4: CLIP caption → image scoring (`clip`).
public struct CLIPSection: SectionPlan {
    public let id = "clip"
    public let title = "4 CLIP: choosing images for captions"
    public let questions: [(number: String, title: String)] = [
        ("4.1", "Scoring images for a caption"),
        ("4.2", "Finding a caption that selects a given image"),
    ]

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        [ReproductionStep(name: "train", executable: "clip",
                          arguments: ["train", "--data", "synthetic", "--out", "{out}/model"] + (mode == .quick ? ["--quick"] : []),
                          estimatedSeconds: mode == .quick ? 90 : 600)]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        placeholders("The CLIP section's answers are not built from its results yet.")
    }
}
