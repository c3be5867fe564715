// Hugging Face's BertForSequenceClassification: BertModel + dropout + a linear head.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, C hidden width, K classes.

/// A sequence classifier (transformers' `BertForSequenceClassification` for `.pooler`):
///
///     features = pooler_output (B, C)   or   last_hidden_state[:, 0] (B, C) with `.cls`
///     logits   = Dropout(features)·Wᵀ + b                                (B, K)
///     loss     = cross_entropy(logits, labels)                           (mean over the batch)
///
/// Parameters `bert.…` (`BertModel`), `classifier.{weight,bias}` (K, C) / (K); the head's
/// dropout is `classifier_dropout` (default `hidden_dropout_prob`). `BertNameTable.classifier`
/// gives the Hugging Face names, so a fine-tuned model loads into transformers.
public final class BertClassifier: Module {
    public private(set) var bert: BertModel
    public private(set) var dropout: Dropout
    public private(set) var classifier: Linear
    /// What the head reads.
    public let pooling: BertPooling
    /// The class names, index = class id (`id2label`).
    public let labels: [String]
    public var isTraining = true

    public static let members: [ModuleMember<BertClassifier>] = [
        .module("bert", \.bert), .module("dropout", \.dropout), .module("classifier", \.classifier),
    ]

    /// A classifier on `bert` with a new head initialised as transformers does (weight
    /// N(0, initializer_range²), bias 0), drawn from `seed`.
    /// - Throws: `BertError.invalidArgument` for fewer than two labels or `.pooler` on a model
    ///   without pooler.
    public init(bert: BertModel, labels: [String], pooling: BertPooling = .pooler, seed: UInt64 = 0) throws {
        guard labels.count >= 2 else { throw BertError.invalidArgument("a classifier needs at least 2 labels, got \(labels.count)") }
        guard pooling == .cls || bert.pooler != nil else {
            throw BertError.invalidArgument("pooling .pooler needs a model with a pooler (load it with pooler: true)")
        }
        var generator = SeededGenerator(seed: seed)
        self.bert = bert
        dropout = try Dropout(probability: bert.config.classifierHeadDropout)
        classifier = try Linear(inputWidth: bert.config.hiddenSize, outputWidth: labels.count, using: &generator)
        classifier.initializeLikeHuggingFace(std: bert.config.initializerRange, using: &generator)
        self.pooling = pooling
        self.labels = labels
        train(bert.isTraining)
    }

    /// A whole classifier with Hugging Face's random initialisation (`random-init` mode).
    public convenience init(config: BertConfig, labels: [String], pooling: BertPooling = .pooler, seed: UInt64 = 0) throws {
        try self.init(bert: BertModel(config: config, pooler: pooling == .pooler, seed: seed), labels: labels,
                      pooling: pooling, seed: seed ^ 0x6865_6164)
    }

    private init(copying other: BertClassifier) {
        bert = other.bert
        dropout = other.dropout
        classifier = other.classifier
        pooling = other.pooling
        labels = other.labels
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> BertClassifier { BertClassifier(copying: self) }

    /// The configuration of the encoder.
    public var config: BertConfig { bert.config }

    /// Inputs (B, T) → logits (B, K).
    public func logits(_ inputs: BertInputs) throws -> Tensor {
        let output = try bert(inputs)
        let features: Tensor  // (B, C)
        switch pooling {
        case .pooler:
            guard let pooled = output.pooledOutput else { throw BertError.invalidArgument("the encoder has no pooler") }
            features = pooled
        case .cls:
            features = try output.lastHiddenState.gatherPositions([Int](repeating: 0, count: inputs.batch))
        }
        return try classifier(try dropout(features))  // (B, K)
    }

    /// Mean cross-entropy of `labels` (one class id per row) under `logits(inputs)`: ().
    /// - Throws: `BertError.invalidInput` for a label count other than B or a label outside
    ///   0..<K.
    public func loss(_ inputs: BertInputs, labels: [Int]) throws -> Tensor {
        try checkLabels(labels, batch: inputs.batch)
        return try logits(inputs).crossEntropy(targets: labels, ignoreIndex: nil)
    }

    /// Checks one label in 0..<K per row.
    public func checkLabels(_ labels: [Int], batch: Int) throws(BertError) {
        guard labels.count == batch else { throw .invalidInput("\(labels.count) labels for \(batch) rows") }
        if let i = labels.firstIndex(where: { !self.labels.indices.contains($0) }) {
            throw .invalidInput("label[\(i)] is \(labels[i]) (expected 0..<\(self.labels.count))")
        }
    }
}
