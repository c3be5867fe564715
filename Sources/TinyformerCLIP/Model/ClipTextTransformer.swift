import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch (texts), T token positions, C the text width, V the vocabulary.

/// CLIP's text tower without its projection (Hugging Face's `CLIPTextTransformer`, parameters
/// under `text_model.`):
///
///     x = token_embedding[ids] + position_embedding[0..<T]                      (B, T, C)
///     x = encoder(x)      pre-LN blocks, causal self-attention, padded keys masked
///     pooled = final_layer_norm(x[b, pos_b])   pos_b = the row's end-of-text position (`TextPooling`)  (B, C)
///
/// Only the pooled rows leave the last block (`TransformerStack.pooled`): the other positions'
/// queries and MLP there would feed nothing.
///
/// PyTorch: `CLIPTextModel(config)(input_ids, attention_mask).pooler_output`.
public final class ClipTextTransformer: Module {
    public let config: ClipTextConfig
    public private(set) var tokenEmbedding: Embedding
    public private(set) var positionEmbedding: LearnedPositionalEmbedding
    public private(set) var encoder: TransformerStack
    public private(set) var finalLayerNorm: LayerNorm
    public var isTraining = true

    public static let members: [ModuleMember<ClipTextTransformer>] = [
        .module("embeddings.token_embedding", \.tokenEmbedding), .module("embeddings.position_embedding", \.positionEmbedding),
        .module("encoder", \.encoder), .module("final_layer_norm", \.finalLayerNorm),
    ]

    /// A freshly initialised tower (CLIP's initialisation, `ClipInitialization`).
    public convenience init(config: ClipTextConfig, using generator: inout SeededGenerator) throws {
        try self.init(config: config, initializing: true, using: &generator)
    }

    init(config: ClipTextConfig, initializing: Bool, using generator: inout SeededGenerator) throws {
        try config.validate()
        self.config = config
        let c = config.hiddenSize
        tokenEmbedding = try Embedding(count: config.vocabSize, width: c, using: &generator)
        positionEmbedding = try LearnedPositionalEmbedding(maxLength: config.maxPositionEmbeddings, width: c, using: &generator)
        encoder = try TransformerStack(config: try config.blockConfig(), layers: config.numHiddenLayers, using: &generator)
        finalLayerNorm = try LayerNorm(width: c, eps: Float(config.layerNormEps))
        guard initializing else { return }
        try ClipInitialization.normal(tokenEmbedding.weight, std: ClipInitialization.embeddingStd, using: &generator)
        try ClipInitialization.normal(positionEmbedding.weight, std: ClipInitialization.embeddingStd, using: &generator)
        try ClipInitialization.encoder(encoder, width: c, using: &generator)
    }

    private init(copying other: ClipTextTransformer) {
        config = other.config
        tokenEmbedding = other.tokenEmbedding
        positionEmbedding = other.positionEmbedding
        encoder = other.encoder
        finalLayerNorm = other.finalLayerNorm
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> ClipTextTransformer { ClipTextTransformer(copying: self) }

    /// The pooled, final-normalised state of each row: ids (B, T) → (B, C).
    /// - Parameter attentionMask: (B, T) of 1 (a token) and 0 (padding: no query attends to it);
    ///   nil attends to every position, as Hugging Face does without a mask.
    /// - Throws: `ClipError.invalidInput` for a rank other than 2, T = 0 or above
    ///   `max_position_embeddings`, an id outside 0..<V, or a mask of another shape or with values
    ///   other than 0 and 1.
    public func callAsFunction(_ ids: IntTensor, attentionMask: IntTensor? = nil) throws -> Tensor {
        try validate(ids, attentionMask)
        let b = ids.shape[0], t = ids.shape[1]
        let x = try positionEmbedding(try tokenEmbedding(ids))  // (B, T, C)
        let keyPadding = attentionMask.map { $0.values.map { $0 == 0 } }  // B·T, true = padding
        let positions = config.pooling.positions(rows: b, length: t, ids: ids.values)  // (B)
        return try finalLayerNorm(try encoder.pooled(x, at: positions, keyPadding: keyPadding))  // (B, C)
    }

    private func validate(_ ids: IntTensor, _ mask: IntTensor?) throws(ClipError) {
        guard ids.rank == 2, ids.shape[0] >= 1, ids.shape[1] >= 1 else {
            throw .invalidInput(what: "input_ids", reason: "shape \(ids.shape) (expected (B, T) with B, T ≥ 1)")
        }
        guard ids.shape[1] <= config.maxPositionEmbeddings else {
            throw .invalidInput(what: "input_ids", reason: "\(ids.shape[1]) tokens per row exceed max_position_embeddings \(config.maxPositionEmbeddings)")
        }
        if let bad = ids.values.firstIndex(where: { $0 < 0 || $0 >= config.vocabSize }) {
            throw .invalidInput(what: "input_ids", reason: "id \(ids.values[bad]) at row \(bad / ids.shape[1]), position \(bad % ids.shape[1]) is outside 0..<\(config.vocabSize)")
        }
        guard let mask else { return }
        guard mask.shape == ids.shape else {
            throw .invalidInput(what: "attention_mask", reason: "shape \(mask.shape) (expected input_ids' \(ids.shape))")
        }
        if let bad = mask.values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw .invalidInput(what: "attention_mask", reason: "value \(mask.values[bad]) at index \(bad) (expected 0 or 1)")
        }
    }
}
