// One classifier of the comparison: its name, its run folder and what it achieved.
import TinyformerNN

/// One fine-tuned classifier of `BertComparison`.
public struct ComparisonRun: Sendable {
    /// Short name ("MiniLM fine-tuned", …) and folder name ("minilm-finetune", …).
    public var name: String
    public var folder: String
    public var config: FineTuneConfig
    /// Validation accuracy after every epoch.
    public var validationAccuracy: [Double]
    public var bestEpoch: Int
    public var test: ClassificationReport
    public var meanEpochSeconds: Double
    public var trainedParameters: Int
}
