// Everything that determines a masked-LM pretraining run (pretrain.json in the run folder).
import Foundation
import TinyformerIO
import TinyformerNN

/// A small BERT pretrained from scratch with masked language modelling on one corpus, for the
/// pretraining-data question: the same architecture and budget for every corpus. Defaults: 4
/// layers, hidden 256, 4 heads, MLP 1024, MiniLM's vocabulary and tokenizer, chunks of 32
/// positions, batches of 32, 600 steps, AdamW 5e-4 with 10 % warmup then linear decay, weight
/// decay 0.01, clipping 1, dropout 0.1, 15 % masking.
public struct PretrainConfig: Codable, Sendable, Equatable {
    /// "arithmetic" (`ArithmeticCorpus`, `arithmeticSentences` of them) or a UTF-8 text file.
    public var corpus: String
    /// The folder whose tokenizer (and vocabulary size) the model uses.
    public var tokenizer: String
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    /// Positions per chunk, [CLS] and [SEP] included (the model gets 2× this many position
    /// embeddings, so it can fine-tune on longer inputs).
    public var maxLength: Int
    public var batchSize: Int
    public var steps: Int
    public var evaluateEvery: Int
    public var learningRate: Float
    public var warmupFraction: Double
    public var weightDecay: Float
    public var gradientClipNorm: Float
    public var dropout: Float
    public var masking: MaskedLanguageModeling
    public var validationFraction: Double
    public var arithmeticSentences: Int
    public var seed: UInt64

    public init(corpus: String, tokenizer: String, hiddenSize: Int = 256, layers: Int = 4, heads: Int = 4,
                intermediateSize: Int = 1024, maxLength: Int = 32, batchSize: Int = 32, steps: Int = 600,
                evaluateEvery: Int = 100, learningRate: Float = 5e-4, warmupFraction: Double = 0.1, weightDecay: Float = 0.01,
                gradientClipNorm: Float = 1, dropout: Float = 0.1, masking: MaskedLanguageModeling = MaskedLanguageModeling(),
                validationFraction: Double = 0.05, arithmeticSentences: Int = 20_000, seed: UInt64 = 0) {
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.maxLength = maxLength
        self.batchSize = batchSize
        self.steps = steps
        self.evaluateEvery = evaluateEvery
        self.learningRate = learningRate
        self.warmupFraction = warmupFraction
        self.weightDecay = weightDecay
        self.gradientClipNorm = gradientClipNorm
        self.dropout = dropout
        self.masking = masking
        self.validationFraction = validationFraction
        self.arithmeticSentences = arithmeticSentences
        self.seed = seed
    }

    /// The word `corpus` takes for the generated arithmetic text.
    public static let arithmeticCorpus = "arithmetic"

    /// The model's architecture for a vocabulary of `vocabularySize`.
    public func modelConfig(vocabularySize: Int) -> BertConfig {
        BertConfig(vocabularySize: vocabularySize, hiddenSize: hiddenSize, layers: layers, heads: heads,
                   intermediateSize: intermediateSize, hiddenDropout: dropout, attentionDropout: dropout,
                   maxPositions: 2 * maxLength, architectures: ["BertForMaskedLM"])
    }

    /// Throws `BertError.invalidArgument` naming the first bad setting.
    public func validate() throws(BertError) {
        func fail(_ message: String) -> BertError { .invalidArgument("pretraining: \(message)") }
        guard !corpus.isEmpty else { throw fail("the corpus path is empty") }
        guard !tokenizer.isEmpty else { throw fail("the tokenizer path is empty") }
        guard (3...512).contains(maxLength) else { throw fail("max length must be in 3…512, got \(maxLength)") }
        guard (1...4096).contains(batchSize) else { throw fail("batch size must be in 1…4096, got \(batchSize)") }
        guard steps >= 1, evaluateEvery >= 1 else { throw fail("steps and evaluateEvery must be ≥ 1, got \(steps), \(evaluateEvery)") }
        guard learningRate > 0, learningRate < 1 else { throw fail("learning rate must be in (0, 1), got \(learningRate)") }
        guard warmupFraction >= 0, warmupFraction < 1 else { throw fail("warmup fraction must be in [0, 1), got \(warmupFraction)") }
        guard masking.probability > 0, masking.probability < 1 else { throw fail("mask probability must be in (0, 1)") }
        guard validationFraction > 0, validationFraction < 1 else { throw fail("validation fraction must be in (0, 1)") }
        guard arithmeticSentences >= 1 else { throw fail("arithmetic sentences must be ≥ 1") }
        try modelConfig(vocabularySize: 30522).validate(source: "pretraining settings")
    }
}

extension PretrainConfig {
    /// Reads `pretrain.json` of a run folder.
    public static func load(runDirectory: URL) throws -> PretrainConfig {
        let url = runDirectory.appendingPathComponent(PretrainFiles.config)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw TrainingError.missingRun(path: url.path, reason: "not a pretraining run (no \(PretrainFiles.config))")
        }
        return try JSONFile.read(PretrainConfig.self, from: url)
    }
}
