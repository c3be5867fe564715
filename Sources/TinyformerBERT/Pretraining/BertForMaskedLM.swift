// Hugging Face's BertForMaskedLM: BertModel (no pooler) and the masked-LM head, decoder tied to
// the word embeddings.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, N masked positions (labels ≠ −100), C hidden width,
// V vocabulary.

/// Masked language modelling (transformers' `BertForMaskedLM`):
///
///     h      = BertModel(inputs).last_hidden_state               (B, T, C)
///     h_m    = h at the N positions whose label is not −100        (N, C)
///     logits = LN(act(h_m·W_tᵀ + b_t))·Eᵀ + b                      (N, V)
///     loss   = cross_entropy(logits, labels at those positions)
///
/// E is the word-embedding table itself (`tie_word_embeddings`): the decoder is not a parameter
/// of its own, so the table gets the gradient of both uses and is listed (and saved) once.
/// Computing logits only at the scored positions gives Hugging Face's loss exactly (the others
/// are ignored by its `CrossEntropyLoss`) at a fraction of the V-wide products.
/// Parameters `bert.…`, `transform.{weight,bias}` (C, C), `transform_norm.{weight,bias}` (C),
/// `bias` (V); Hugging Face's `cls.predictions.transform.dense`, `….transform.LayerNorm`,
/// `cls.predictions.bias` (`BertNameTable.maskedLM`).
public final class BertForMaskedLM: Module {
    public private(set) var bert: BertModel
    public private(set) var transform: Linear
    public private(set) var transformNorm: LayerNorm
    public private(set) var bias: Tensor  // (V)
    public var isTraining = true

    public static let members: [ModuleMember<BertForMaskedLM>] = [
        .module("bert", \.bert), .module("transform", \.transform), .module("transform_norm", \.transformNorm),
        .parameter("bias", \.bias),
    ]

    /// A model with transformers' random initialisation (the output bias 0).
    public init(config: BertConfig, seed: UInt64 = 0) throws {
        bert = try BertModel(config: config, pooler: false, seed: seed)
        var generator = SeededGenerator(seed: seed ^ 0x6D6C_6D68)
        transform = try Linear(inputWidth: config.hiddenSize, outputWidth: config.hiddenSize, using: &generator)
        transformNorm = try LayerNorm(width: config.hiddenSize, eps: config.layerNormEpsilon)
        bias = try Tensor.zeros([config.vocabularySize], requiresGrad: true)
        transform.initializeLikeHuggingFace(std: config.initializerRange, using: &generator)
    }

    private init(copying other: BertForMaskedLM) {
        bert = other.bert
        transform = other.transform
        transformNorm = other.transformNorm
        bias = other.bias
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> BertForMaskedLM { BertForMaskedLM(copying: self) }

    public var config: BertConfig { bert.config }

    /// The logits at the positions whose label is not −100, in row-major order: (N, V); nil
    /// when no position is scored.
    public func maskedLogits(_ inputs: BertInputs, labels: [Int]) throws -> Tensor? {
        guard labels.count == inputs.inputIDs.count else {
            throw BertError.invalidInput("\(labels.count) labels for \(inputs.inputIDs.count) positions")
        }
        let positions = labels.indices.filter { labels[$0] != -100 }
        guard !positions.isEmpty else { return nil }
        let hidden = try bert(inputs).lastHiddenState  // (B, T, C)
        let c = config.hiddenSize
        let flat = try hidden.reshaped([inputs.inputIDs.count, c])  // (B·T, C)
        let scored = try Tensor.embedding(flat, indices: positions, indexShape: [positions.count])  // (N, C)
        let activation = config.activation ?? .gelu
        let transformed = try transformNorm(activation(try transform(scored)))  // (N, C)
        return try transformed.linear(weight: bert.embeddings.wordEmbeddings.weight, bias: bias)  // (N, V)
    }

    /// Mean cross-entropy over the scored positions (labels ≠ −100; one label per position of
    /// `inputs`, row-major); 0 when none is scored. Also returns N.
    /// - Throws: `BertError.invalidInput` for a label count other than B·T or a label outside
    ///   the vocabulary.
    public func loss(_ inputs: BertInputs, labels: [Int]) throws -> (loss: Tensor, scored: Int) {
        if let bad = labels.firstIndex(where: { $0 != -100 && !(0..<config.vocabularySize).contains($0) }) {
            throw BertError.invalidInput("label \(labels[bad]) at position \(bad) is outside the vocabulary (0..<\(config.vocabularySize)) and not -100")
        }
        guard let logits = try maskedLogits(inputs, labels: labels) else { return (Tensor(0), 0) }
        let targets = labels.filter { $0 != -100 }
        return (try logits.crossEntropy(targets: targets, ignoreIndex: nil), targets.count)
    }
}
