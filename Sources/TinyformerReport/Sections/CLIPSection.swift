import Foundation

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
