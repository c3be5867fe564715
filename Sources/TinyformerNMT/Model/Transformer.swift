import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, S encoder positions (source + EOS), T decoder positions, C model width h,
// V vocabulary.

/// The Pig Latin transformer: the course's encoder–decoder (CSC413-style `TransformerEncoder` +
/// `TransformerDecoder`) or a decoder-only variant, with opt-in modern options
/// (`TransformerConfig`), built from the library's `TransformerStack` of `TransformerBlock`s.
/// PyTorch twin with identical parameter names: `NMTTransformer` in `Scripts/nmt_torch_twin.py`.
///
/// Encoder–decoder: encoder input = source + EOS, decoder input = SOS + target, targets =
/// target + EOS.
///   memory = Encoder(E_enc[src] + PE), logits = Decoder(E_dec[dec] + PE, memory)·W_outᵀ + b_out
/// Decoder-only: input = SOS + source + EOP + target, targets = source + EOP + target + EOS (the
/// loss counts positions from EOP on), logits = Decoder(E[tokens] + PE)·W_outᵀ + b_out.
///
/// Parameters (`namedParameters`, in this order; `<i>` = 0..<layers; `[…]` only with the option):
///
///     encoder.embedding.weight                                   (V, h)   encoder–decoder only
///     encoder.layers.<i>.[self_attention_norm.{weight,bias}]     (h)      preLayerNorm
///     encoder.layers.<i>.self_attention.query.{weight,bias}      (h, h), (h)
///     encoder.layers.<i>.self_attention.key.{weight,bias}        (h, h), (h)
///     encoder.layers.<i>.self_attention.value.{weight,bias}      (h, h), (h)
///     encoder.layers.<i>.[self_attention.output.{weight,bias}]   (h, h), (h)  attentionOutputProjection
///     encoder.layers.<i>.[mlp_norm.{weight,bias}]                (h)      preLayerNorm
///     encoder.layers.<i>.mlp.fc.{weight,bias}                    (m·h, h), (m·h)
///     encoder.layers.<i>.[mlp.proj.{weight,bias}]                (h, m·h), (h)  mlpMultiplier m > 1
///     encoder.[final_norm.{weight,bias}]                         (h)      preLayerNorm
///     decoder.embedding.weight                                   (V, h)
///     decoder.layers.<i>.[self_attention_norm.…], self_attention.…   as in the encoder
///     decoder.layers.<i>.[cross_attention_norm.{weight,bias}]    (h)      encoder–decoder, preLayerNorm
///     decoder.layers.<i>.cross_attention.{query,key,value}[.output].{weight,bias}   encoder–decoder only
///     decoder.layers.<i>.[mlp_norm.…], mlp.fc.…, [mlp.proj.…]    as in the encoder
///     decoder.[final_norm.{weight,bias}]                         (h)      preLayerNorm
///     decoder.output.{weight,bias}                               (V, h), (V)
///
/// Initialisation (from `config.seed`, in the order above): embeddings N(0, 1) (`nn.Embedding`),
/// Linear layers PyTorch's U(±1/√in), LayerNorm weight 1 and bias 0. Dropout (embeddings and
/// sublayer outputs, `config.dropout`) acts in training mode (`train()`, the default for a new
/// module; `eval()` turns it off); its masks come from the model's `Dropout` modules, seeded
/// from the config's seed (`seedDropout` reseeds them).
public final class Transformer: Module {
    public let config: TransformerConfig
    /// The token ids' characters and special tokens.
    public let vocabulary: Vocabulary
    public private(set) var encoderEmbedding: Embedding?
    public private(set) var encoder: TransformerStack?
    public private(set) var decoderEmbedding: Embedding
    public private(set) var decoder: TransformerStack
    public private(set) var output: Linear
    public private(set) var embeddingDropout: Dropout
    let positions: PositionalTable
    public var isTraining = true

    public static let members: [ModuleMember<Transformer>] = [
        .module("encoder.embedding", \.encoderEmbedding), .module("encoder", \.encoder),
        .module("decoder.embedding", \.decoderEmbedding), .module("decoder", \.decoder),
        .module("decoder.output", \.output), .module("embedding_dropout", \.embeddingDropout),
    ]

    /// A freshly initialised model.
    /// - Parameter vocabulary: the token ids' meaning; its size must equal `config.vocabularySize`.
    /// - Throws: `TransformerError.invalidConfiguration` for an invalid config or a vocabulary of
    ///   another size.
    public init(config: TransformerConfig = TransformerConfig(), vocabulary: Vocabulary = .pigLatin) throws {
        try config.validate()
        guard vocabulary.size == config.vocabularySize else {
            throw TransformerError.invalidConfiguration(
                "vocabularySize \(config.vocabularySize) does not match the vocabulary's \(vocabulary.size) tokens (\(vocabulary.characters.count) characters + SOS, EOS, EOP)")
        }
        self.config = config
        self.vocabulary = vocabulary
        var generator = SeededGenerator(seed: config.seed)
        let c = config.hiddenSize, encoderDecoder = config.architecture == .encoderDecoder
        if encoderDecoder {
            encoderEmbedding = try Embedding(count: config.vocabularySize, width: c, using: &generator)
            encoder = try TransformerStack(config: config.blockConfig(causal: false, crossAttention: false), layers: config.layers,
                                           finalNorm: config.preLayerNorm, using: &generator)
        }
        decoderEmbedding = try Embedding(count: config.vocabularySize, width: c, using: &generator)
        decoder = try TransformerStack(config: config.blockConfig(causal: true, crossAttention: encoderDecoder), layers: config.layers,
                                       finalNorm: config.preLayerNorm, using: &generator)
        output = try Linear(inputWidth: c, outputWidth: config.vocabularySize, using: &generator)
        embeddingDropout = try Dropout(probability: config.dropout)
        positions = try PositionalTable(maxLength: config.maxLength, width: c)
        seedDropout(generator.next())
    }

    private init(copying other: Transformer) {
        config = other.config
        vocabulary = other.vocabulary
        encoderEmbedding = other.encoderEmbedding
        encoder = other.encoder
        decoderEmbedding = other.decoderEmbedding
        decoder = other.decoder
        output = other.output
        embeddingDropout = other.embeddingDropout
        positions = other.positions.copy()
        isTraining = other.isTraining
    }

    /// Its own positional cache; the members are replaced by `replica()`.
    public func memberwiseCopy() -> Transformer { Transformer(copying: self) }

    // MARK: Forward passes

    /// Encoder–decoder logits: encoderTokens (B·S, row-major: source + EOS), decoderTokens (B·T:
    /// SOS + target) → (B, T, V). Lengths are the counts divided by `batch`.
    public func forward(encoderTokens: [Int], decoderTokens: [Int], batch: Int) throws -> Tensor {
        try forwardWithAttention(encoderTokens: encoderTokens, decoderTokens: decoderTokens, batch: batch).logits
    }

    /// Decoder-only logits: tokens (B·T, row-major: SOS + source + EOP + target) → (B, T, V).
    public func forward(tokens: [Int], batch: Int, length: Int) throws -> Tensor {
        try forwardWithAttention(tokens: tokens, batch: batch, length: length).logits
    }

    /// `forward(encoderTokens:decoderTokens:batch:)` with every layer's attention weights.
    public func forwardWithAttention(encoderTokens: [Int], decoderTokens: [Int], batch: Int) throws -> TransformerOutput {
        guard let encoder, let encoderEmbedding else {
            throw TransformerError.wrongArchitecture(operation: "forward(encoderTokens:…)", model: config.architecture)
        }
        let s = try checkTokens(encoderTokens, input: "encoderTokens", batch: batch)
        let t = try checkTokens(decoderTokens, input: "decoderTokens", batch: batch)
        let source = try embed(encoderTokens, with: encoderEmbedding, batch: batch, length: s, positions: positions.prefix(s))  // (B, S, C)
        let memory = try encoder(source)
        let target = try embed(decoderTokens, with: decoderEmbedding, batch: batch, length: t, positions: positions.prefix(t))  // (B, T, C)
        let decoded = try decoder(target, cross: decoder.crossKeysValues(memory.x))
        return TransformerOutput(logits: try output(decoded.x), encoderAttention: memory.selfWeights,  // (B, T, V)
                                 decoderSelfAttention: decoded.selfWeights, crossAttention: decoded.crossWeights)
    }

    /// `forward(tokens:batch:length:)` with every layer's attention weights.
    public func forwardWithAttention(tokens: [Int], batch: Int, length: Int) throws -> TransformerOutput {
        guard encoder == nil else { throw TransformerError.wrongArchitecture(operation: "forward(tokens:…)", model: config.architecture) }
        let t = try checkTokens(tokens, input: "tokens", batch: batch, length: length)
        let x = try embed(tokens, with: decoderEmbedding, batch: batch, length: t, positions: positions.prefix(t))  // (B, T, C)
        let decoded = try decoder(x)
        return TransformerOutput(logits: try output(decoded.x), encoderAttention: [],  // (B, T, V)
                                 decoderSelfAttention: decoded.selfWeights, crossAttention: [])
    }

    /// Dropout(E[tokens] + PE): tokens (B·T, row-major) → (B, T, C). `positions` is PE[0..<T]
    /// (T, C), or one row (1, C) for a single decoding step at that position.
    func embed(_ tokens: [Int], with embedding: Embedding, batch: Int, length: Int, positions: Tensor) throws -> Tensor {
        try embeddingDropout(try embedding(tokens, shape: [batch, length]) + positions)  // (B, T, C)
    }

    // MARK: Validation

    /// Checks a flat (B·T) token array and returns T.
    func checkTokens(_ tokens: [Int], input: String, batch: Int, length: Int? = nil) throws(TransformerError) -> Int {
        guard batch > 0 else { throw .emptyInput("\(input): the batch size must be positive, got \(batch)") }
        guard !tokens.isEmpty, tokens.count % batch == 0 else {
            throw .tokenCount(input: input, count: tokens.count, expected: "a positive multiple of the batch size \(batch)")
        }
        let t = tokens.count / batch
        if let length, length != t {
            throw .tokenCount(input: input, count: tokens.count, expected: "batch × length = \(batch) × \(length)")
        }
        guard t <= config.maxLength else { throw .sequenceTooLong(input: input, length: t, maxLength: config.maxLength) }
        for (i, token) in tokens.enumerated() where token < 0 || token >= config.vocabularySize {
            throw .tokenOutOfRange(input: input, index: i, token: token, validUpperBound: config.vocabularySize)
        }
        return t
    }
}
