// BERT's input embeddings: word + token type + position, LayerNorm, dropout.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, C hidden width, V vocabulary, P positions of the table,
// K token types.

/// Hugging Face's `BertEmbeddings`:
///
///     x = Dropout(LayerNorm((word[ids] + type[token_types]) + position[0..<T]))   (B, T, C)
///
/// (the sums in that order, as transformers adds them). Parameters `word_embeddings.weight`
/// (V, C; row `pad_token_id` gets no gradient, as `nn.Embedding(padding_idx)`),
/// `position_embeddings.weight` (P, C), `token_type_embeddings.weight` (K, C),
/// `layer_norm.{weight,bias}` (C; Hugging Face's `LayerNorm`).
public final class BertEmbeddings: Module {
    public private(set) var wordEmbeddings: Embedding
    public private(set) var positionEmbeddings: Embedding
    public private(set) var tokenTypeEmbeddings: Embedding
    public private(set) var layerNorm: LayerNorm
    public private(set) var dropout: Dropout
    public var isTraining = true

    public static let members: [ModuleMember<BertEmbeddings>] = [
        .module("word_embeddings", \.wordEmbeddings), .module("position_embeddings", \.positionEmbeddings),
        .module("token_type_embeddings", \.tokenTypeEmbeddings), .module("layer_norm", \.layerNorm),
        .module("dropout", \.dropout),
    ]

    /// Tables drawn N(0, 1) in member order from `generator` (`BertModel` re-initialises them).
    public init(config: BertConfig, using generator: inout SeededGenerator) throws {
        let c = config.hiddenSize
        wordEmbeddings = try Embedding(count: config.vocabularySize, width: c, paddingIndex: config.paddingTokenID,
                                       using: &generator)
        positionEmbeddings = try Embedding(count: config.maxPositions, width: c, using: &generator)
        tokenTypeEmbeddings = try Embedding(count: config.typeVocabularySize, width: c, using: &generator)
        layerNorm = try LayerNorm(width: c, eps: config.layerNormEpsilon)
        dropout = try Dropout(probability: config.hiddenDropout)
    }

    private init(copying other: BertEmbeddings) {
        wordEmbeddings = other.wordEmbeddings
        positionEmbeddings = other.positionEmbeddings
        tokenTypeEmbeddings = other.tokenTypeEmbeddings
        layerNorm = other.layerNorm
        dropout = other.dropout
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> BertEmbeddings { BertEmbeddings(copying: self) }

    /// Inputs (B, T) → embeddings (B, T, C). The ids must have been checked against the tables
    /// (`BertModel` does).
    public func callAsFunction(_ inputs: BertInputs) throws -> Tensor {
        let positions = try IntTensor(shape: [inputs.length], values: Array(0..<inputs.length))  // (T)
        let words = try wordEmbeddings(inputs.inputIDs)  // (B, T, C)
        let types = try tokenTypeEmbeddings(inputs.tokenTypeIDs)  // (B, T, C)
        let summed = try (words + types) + positionEmbeddings(positions)  // (B, T, C) + (T, C)
        return try dropout(try layerNorm(summed))  // (B, T, C)
    }
}
