import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, S encoder positions (source + EOS), T decoder positions, C model width h,
// V vocabulary.

/// The Pig Latin transformer: the course's encoder–decoder (CSC413-style `TransformerEncoder` +
/// `TransformerDecoder`) or a decoder-only variant, with opt-in modern options
/// (`TransformerConfig`). PyTorch twin with identical parameter names: `NMTTransformer` in
/// `Scripts/nmt_torch_twin.py`.
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
/// Initialisation (from `config.seed`): embeddings N(0, 1) (`nn.Embedding`), Linear layers
/// PyTorch's U(±1/√in), LayerNorm weight 1 and bias 0. Dropout masks come from
/// `dropoutGenerator` (derived from the seed; reseed it to make a resumed run repeat its masks).
/// Not thread-safe: one model per task.
public final class Transformer: Replicable {
    public let config: TransformerConfig
    let encoder: TransformerStack?
    let decoder: TransformerStack
    let output: Linear
    let positions: PositionalTable
    /// The source of dropout masks in training-mode forward passes.
    public var dropoutGenerator: SeededGenerator

    /// A freshly initialised model.
    /// - Throws: `TransformerError.invalidConfiguration` for an invalid config.
    public init(config: TransformerConfig = TransformerConfig()) throws {
        try config.validate()
        self.config = config
        var generator = SeededGenerator(seed: config.seed)
        let encoderDecoder = config.architecture == .encoderDecoder
        encoder = encoderDecoder ? try TransformerStack(config: config, causal: false, crossAttention: false, using: &generator) : nil
        decoder = try TransformerStack(config: config, causal: true, crossAttention: encoderDecoder, using: &generator)
        output = try Linear(inFeatures: config.hiddenSize, outFeatures: config.vocabularySize, using: &generator)
        positions = try PositionalTable(maxLength: config.maxLength, width: config.hiddenSize)
        dropoutGenerator = generator.split()
    }

    private init(replicating model: Transformer) {
        config = model.config
        encoder = model.encoder?.replica()
        decoder = model.decoder.replica()
        output = model.output.replica()
        positions = model.positions.copy()
        dropoutGenerator = model.dropoutGenerator
    }

    /// A replica for `DataParallel`: the same parameters (shared storage, own gradients), its own
    /// positional cache and a copy of `dropoutGenerator`.
    public func replica() -> Transformer { Transformer(replicating: self) }

    public var namedParameters: [NamedParameter] {
        var list: [NamedParameter] = []
        if let encoder { list += prefixed("encoder", encoder) }
        return list + prefixed("decoder", decoder) + prefixed("decoder.output", output)
    }

    // MARK: Forward passes

    /// Encoder–decoder logits: encoderTokens (B·S, row-major: source + EOS), decoderTokens (B·T:
    /// SOS + target) → (B, T, V). Lengths are the counts divided by `batch`.
    /// - Parameter training: applies dropout (when configured) from `dropoutGenerator`.
    public func forward(encoderTokens: [Int], decoderTokens: [Int], batch: Int, training: Bool = false) throws -> Tensor {
        try forwardWithAttention(encoderTokens: encoderTokens, decoderTokens: decoderTokens, batch: batch, training: training).logits
    }

    /// Decoder-only logits: tokens (B·T, row-major: SOS + source + EOP + target) → (B, T, V).
    public func forward(tokens: [Int], batch: Int, length: Int, training: Bool = false) throws -> Tensor {
        try forwardWithAttention(tokens: tokens, batch: batch, length: length, training: training).logits
    }

    /// `forward(encoderTokens:decoderTokens:batch:)` with every layer's attention weights.
    public func forwardWithAttention(encoderTokens: [Int], decoderTokens: [Int], batch: Int,
                                     training: Bool = false) throws -> TransformerOutput {
        guard let encoder else { throw TransformerError.wrongArchitecture(operation: "forward(encoderTokens:…)", model: config.architecture) }
        let s = try checkTokens(encoderTokens, input: "encoderTokens", batch: batch)
        let t = try checkTokens(decoderTokens, input: "decoderTokens", batch: batch)
        let source = try encoder.embed(encoderTokens, batch: batch, length: s, positions: positions.prefix(s),
                                       training: training, generator: &dropoutGenerator)  // (B, S, C)
        let memory = try encoder.run(source, cross: nil, training: training, generator: &dropoutGenerator)
        let target = try decoder.embed(decoderTokens, batch: batch, length: t, positions: positions.prefix(t),
                                       training: training, generator: &dropoutGenerator)  // (B, T, C)
        let decoded = try decoder.run(target, cross: decoder.crossKeysValues(memory.x), training: training,
                                      generator: &dropoutGenerator)
        return TransformerOutput(logits: try output(decoded.x), encoderAttention: memory.selfWeights,  // (B, T, V)
                                 decoderSelfAttention: decoded.selfWeights, crossAttention: decoded.crossWeights)
    }

    /// `forward(tokens:batch:length:)` with every layer's attention weights.
    public func forwardWithAttention(tokens: [Int], batch: Int, length: Int, training: Bool = false) throws -> TransformerOutput {
        guard encoder == nil else { throw TransformerError.wrongArchitecture(operation: "forward(tokens:…)", model: config.architecture) }
        let t = try checkTokens(tokens, input: "tokens", batch: batch, length: length)
        let x = try decoder.embed(tokens, batch: batch, length: t, positions: positions.prefix(t),
                                  training: training, generator: &dropoutGenerator)  // (B, T, C)
        let decoded = try decoder.run(x, cross: nil, training: training, generator: &dropoutGenerator)
        return TransformerOutput(logits: try output(decoded.x), encoderAttention: [],  // (B, T, V)
                                 decoderSelfAttention: decoded.selfWeights, crossAttention: [])
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
