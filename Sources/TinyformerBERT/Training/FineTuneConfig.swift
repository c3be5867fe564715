// Everything that determines a fine-tuning run (saved as finetune.json in the run folder).
import Foundation
import TinyformerIO
import TinyformerNN

/// A fine-tuning run on the verbal-arithmetic task. The defaults are the assignment's recipe as
/// transformers' Trainer runs it: AdamW (weight decay 0.01, none on biases and LayerNorm),
/// linear warmup over the first 10 % of the steps then linear decay to 0 (per step), gradients
/// clipped to norm 1, batches of 32 padded per batch, the best epoch by validation accuracy kept.
public struct FineTuneConfig: Codable, Sendable, Equatable {
    /// The Hugging Face BERT folder the encoder (weights, or only the architecture for
    /// `random-init`) and the tokenizer come from.
    public var model: String
    public var mode: FineTuneMode
    public var epochs: Int
    /// Peak learning rate.
    public var learningRate: Float
    public var batchSize: Int
    public var weightDecay: Float
    /// Warmup steps = ⌊fraction · total steps⌋ (`int(0.1 * total)`, as the twin).
    public var warmupFraction: Double
    public var gradientClipNorm: Float
    /// Seeds the data split, the batch order, the head (and the whole model for `random-init`)
    /// and dropout.
    public var seed: UInt64
    /// Test examples of the 800; the rest is split into training and validation.
    public var testCount: Int
    /// Fraction of the training part held out for validation (stratified by label).
    public var validationFraction: Double
    /// What the head reads.
    public var pooling: BertPooling
    /// Overrides every dropout probability of the model's config (nil: keep them).
    public var dropout: Float?

    public init(model: String, mode: FineTuneMode = .finetune, epochs: Int = 10, learningRate: Float = 2e-4,
                batchSize: Int = 32, weightDecay: Float = 0.01, warmupFraction: Double = 0.1, gradientClipNorm: Float = 1,
                seed: UInt64 = 0, testCount: Int = 160, validationFraction: Double = 0.3, pooling: BertPooling = .pooler,
                dropout: Float? = nil) {
        self.model = model
        self.mode = mode
        self.epochs = epochs
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.weightDecay = weightDecay
        self.warmupFraction = warmupFraction
        self.gradientClipNorm = gradientClipNorm
        self.seed = seed
        self.testCount = testCount
        self.validationFraction = validationFraction
        self.pooling = pooling
        self.dropout = dropout
    }

    /// Throws `BertError.invalidArgument` naming the first bad setting.
    public func validate() throws(BertError) {
        func fail(_ message: String) -> BertError { .invalidArgument("fine-tuning: \(message)") }
        guard !model.isEmpty else { throw fail("the model path is empty") }
        guard (1...100_000).contains(epochs) else { throw fail("epochs must be in 1…100000, got \(epochs)") }
        guard learningRate > 0, learningRate.isFinite, learningRate < 1 else { throw fail("learning rate must be in (0, 1), got \(learningRate)") }
        guard (1...4096).contains(batchSize) else { throw fail("batch size must be in 1…4096, got \(batchSize)") }
        guard weightDecay >= 0, weightDecay.isFinite else { throw fail("weight decay must be ≥ 0, got \(weightDecay)") }
        guard warmupFraction >= 0, warmupFraction < 1 else { throw fail("warmup fraction must be in [0, 1), got \(warmupFraction)") }
        guard gradientClipNorm > 0, gradientClipNorm.isFinite else { throw fail("clip norm must be positive, got \(gradientClipNorm)") }
        if let dropout, !(dropout >= 0 && dropout < 1) { throw fail("dropout must be in [0, 1), got \(dropout)") }
    }

    /// Total optimizer steps and warmup steps for `batchesPerEpoch`.
    public func steps(batchesPerEpoch: Int) -> (total: Int, warmup: Int) {
        let total = epochs * batchesPerEpoch
        return (total, Int(warmupFraction * Double(total)))
    }
}

extension FineTuneConfig {
    /// Reads `finetune.json` of a run folder.
    /// - Throws: `TrainingError.missingRun` when the folder has none, `RunRecordError` for a
    ///   malformed one.
    public static func load(runDirectory: URL) throws -> FineTuneConfig {
        let url = runDirectory.appendingPathComponent(FineTuneFiles.config)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainingError.missingRun(path: url.path, reason: "not a fine-tuning run (no \(FineTuneFiles.config))")
        }
        return try JSONFile.read(FineTuneConfig.self, from: url)
    }
}
