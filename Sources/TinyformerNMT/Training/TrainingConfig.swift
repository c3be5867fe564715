import Foundation
import TinyformerIO
import TinyformerNN

/// Everything that determines a training run (saved as `config.json` in the run folder).
/// The defaults are the course's: Adam with lr 5e-4, multiplied by 0.99 at the start of every
/// epoch, batches grouped by length and shuffled per epoch with the seed.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// The model; `model.seed` initialises the weights. Its `vocabularySize` is set from the
    /// data's vocabulary when the run starts.
    public var model: TransformerConfig
    /// "small", "large" (the committed Fixtures/piglatin sets, Pig Latin vocabulary) or a path to
    /// a pairs file (vocabulary: every character of its pairs, unless `vocabularyFile` is given).
    public var data: String
    /// A `vocabulary.json` (as a run writes it) to encode the data with; nil: see `data`.
    public var vocabularyFile: String?
    /// The longest greedy output when scoring validation accuracy; nil: the course's 20 for the
    /// Pig Latin vocabulary, else the longest target plus one (its EOS).
    public var maxOutputLength: Int?
    public var batchSize: Int
    public var epochs: Int
    public var learningRate: Float
    /// lr_e = learningRate · learningRateDecay^(e+1) for epoch e = 0, 1, … (the course multiplies
    /// before every epoch, the first included).
    public var learningRateDecay: Float
    /// Stop after this many epochs without a better `checkpointMetric` (nil: never).
    public var patience: Int?
    /// What picks the kept checkpoint and counts for `patience` (default: validation loss).
    public var checkpointMetric: CheckpointMetric
    /// Seeds the train/validation split, the batch order and dropout.
    public var seed: UInt64
    /// Reshuffle the batch order every epoch (false: the course's fixed order).
    public var shuffleBatches: Bool
    /// Use only the first N training pairs (quick runs and tests); nil: all.
    public var maxTrainingPairs: Int?
    /// Rescale gradients to this global L2 norm before each step (`clip_grad_norm_`); nil: off
    /// (the course does not clip).
    public var gradientClipNorm: Float?

    public init(model: TransformerConfig = TransformerConfig(), data: String = "small", batchSize: Int = 64,
                epochs: Int = 100, learningRate: Float = 5e-4, learningRateDecay: Float = 0.99,
                patience: Int? = nil, seed: UInt64 = 0, shuffleBatches: Bool = true, maxTrainingPairs: Int? = nil,
                gradientClipNorm: Float? = nil, checkpointMetric: CheckpointMetric = .validationLoss,
                vocabularyFile: String? = nil, maxOutputLength: Int? = nil) {
        self.model = model
        self.data = data
        self.vocabularyFile = vocabularyFile
        self.maxOutputLength = maxOutputLength
        self.batchSize = batchSize
        self.epochs = epochs
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.patience = patience
        self.seed = seed
        self.shuffleBatches = shuffleBatches
        self.maxTrainingPairs = maxTrainingPairs
        self.gradientClipNorm = gradientClipNorm
        self.checkpointMetric = checkpointMetric
    }

    private enum CodingKeys: String, CodingKey {
        case model, data, batchSize, epochs, learningRate, learningRateDecay, patience, seed, shuffleBatches,
             maxTrainingPairs, gradientClipNorm, checkpointMetric, vocabularyFile, maxOutputLength
    }

    /// Decodes `config.json`; files written before `checkpointMetric` existed select by loss.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(model: try c.decode(TransformerConfig.self, forKey: .model), data: try c.decode(String.self, forKey: .data),
                  batchSize: try c.decode(Int.self, forKey: .batchSize), epochs: try c.decode(Int.self, forKey: .epochs),
                  learningRate: try c.decode(Float.self, forKey: .learningRate),
                  learningRateDecay: try c.decode(Float.self, forKey: .learningRateDecay),
                  patience: try c.decodeIfPresent(Int.self, forKey: .patience), seed: try c.decode(UInt64.self, forKey: .seed),
                  shuffleBatches: try c.decode(Bool.self, forKey: .shuffleBatches),
                  maxTrainingPairs: try c.decodeIfPresent(Int.self, forKey: .maxTrainingPairs),
                  gradientClipNorm: try c.decodeIfPresent(Float.self, forKey: .gradientClipNorm),
                  checkpointMetric: try c.decodeIfPresent(CheckpointMetric.self, forKey: .checkpointMetric) ?? .validationLoss,
                  vocabularyFile: try c.decodeIfPresent(String.self, forKey: .vocabularyFile),
                  maxOutputLength: try c.decodeIfPresent(Int.self, forKey: .maxOutputLength))
    }

    /// The learning rate used during epoch `epoch` (0-based).
    public func learningRate(epoch: Int) -> Float {
        var rate = learningRate
        for _ in 0...max(epoch, 0) { rate *= learningRateDecay }
        return rate
    }

    /// Throws `TrainingError.invalidConfiguration` naming the first bad setting.
    public func validate() throws {
        func fail(_ message: String) -> TrainingError { .invalidConfiguration(message) }
        guard batchSize >= 1 else { throw fail("batch size must be ≥ 1, got \(batchSize)") }
        guard epochs >= 1 else { throw fail("epochs must be ≥ 1, got \(epochs)") }
        guard learningRate > 0, learningRate.isFinite else { throw fail("learning rate must be positive, got \(learningRate)") }
        guard learningRateDecay > 0, learningRateDecay <= 1 else { throw fail("lr decay must be in (0, 1], got \(learningRateDecay)") }
        if let patience, patience < 1 { throw fail("patience must be ≥ 1, got \(patience)") }
        if let maxTrainingPairs, maxTrainingPairs < 1 { throw fail("maxTrainingPairs must be ≥ 1, got \(maxTrainingPairs)") }
        if let gradientClipNorm, !(gradientClipNorm > 0 && gradientClipNorm.isFinite) {
            throw fail("gradient clip norm must be positive, got \(gradientClipNorm)")
        }
        if let maxOutputLength, !(1...65_536).contains(maxOutputLength) {
            throw fail("maxOutputLength must be in 1…65536, got \(maxOutputLength)")
        }
        guard !data.isEmpty else { throw fail("the data path is empty") }
        do { try model.validate() } catch { throw fail("model: \(error)") }
    }
}

extension TrainingConfig {
    /// Reads `config.json` of a run folder.
    public static func load(runDirectory: URL) throws -> TrainingConfig {
        let url = runDirectory.appendingPathComponent(RunFiles.config)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainingError.missingRun(path: url.path, reason: "not a run folder (no \(RunFiles.config))")
        }
        return try JSONFile.read(TrainingConfig.self, from: url)
    }
}
