import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions of this block's input, S positions of the encoder output
// (memory), C model width, H heads.

/// One transformer block (`TransformerBlockConfig` chooses the variant), parameters:
/// `self_attention.{query,key,value}[.output]`, `cross_attention.…` (with cross-attention),
/// `mlp.fc[.proj]`, and with LayerNorms `self_attention_norm`, `cross_attention_norm`,
/// `mlp_norm`. Each sublayer f (self-attention, cross-attention, MLP) is applied as
///
///     none  x ← x + Dropout(f(x))
///     pre   x ← x + Dropout(f(LN(x)))       (GPT-2, CLIP)
///     post  x ← LN(x + Dropout(f(x)))       (BERT)
///
/// with Attn(q, kv) = softmax(Q Kᵀ/√(C/H) + mask) V, Q = q·W_qᵀ + b_q, K = kv·W_kᵀ + b_k,
/// V = kv·W_vᵀ + b_v (heads interleaved in channels, then ·W_oᵀ + b_o when configured), causal
/// masking in the self-attention of a decoder, and the cross-attention's queries from x and its
/// keys/values from the encoder output. Dropout acts in training mode only.
///
/// Whenever nothing sits between a sublayer's last op and its residual add (no active dropout),
/// the add is fused into that op (`attention(…, residual:)`, `linearReLU(…, residual:)`): the same
/// numbers, bit for bit, with fewer ops.
public final class TransformerBlock: Module {
    public let config: TransformerBlockConfig
    public private(set) var selfAttentionNorm: LayerNorm?
    public private(set) var selfAttention: MultiHeadAttention
    public private(set) var crossAttentionNorm: LayerNorm?
    public private(set) var crossAttention: MultiHeadAttention?
    public private(set) var mlpNorm: LayerNorm?
    public private(set) var mlp: FeedForward
    public private(set) var residualDropout: Dropout
    public var isTraining = true

    public static let members: [ModuleMember<TransformerBlock>] = [
        .module("self_attention_norm", \.selfAttentionNorm), .module("self_attention", \.selfAttention),
        .module("cross_attention_norm", \.crossAttentionNorm), .module("cross_attention", \.crossAttention),
        .module("mlp_norm", \.mlpNorm), .module("mlp", \.mlp), .module("residual_dropout", \.residualDropout),
    ]

    /// The block's result and its attention weights (detached, for plots).
    public struct Output {
        public let x: Tensor  // (B, T, C)
        public let selfWeights: Tensor  // (B, H, T, T), or (B, H, 1, T′) in a decoding step
        public let crossWeights: Tensor?  // (B, H, T, S)
    }

    /// A freshly initialised block; parameters are drawn in member order (self-attention
    /// query, key, value, output; cross-attention; MLP fc, proj).
    public init(config: TransformerBlockConfig, using generator: inout SeededGenerator) throws {
        try config.validate()
        self.config = config
        let c = config.width
        func norm() throws -> LayerNorm? {
            config.normalization == .none ? nil : try LayerNorm(width: c, eps: config.layerNormEpsilon)
        }
        func attention() throws -> MultiHeadAttention {
            try MultiHeadAttention(width: c, heads: config.heads, outputProjection: config.attentionOutputProjection,
                                   probabilityDropout: config.attentionDropout, using: &generator)
        }
        selfAttentionNorm = try norm()
        selfAttention = try attention()
        crossAttentionNorm = config.crossAttention ? try norm() : nil
        crossAttention = config.crossAttention ? try attention() : nil
        mlpNorm = try norm()
        mlp = try FeedForward(width: c, hiddenWidth: config.mlpWidth, activation: config.activation, using: &generator)
        residualDropout = try Dropout(probability: config.residualDropout)
    }

    private init(copying other: TransformerBlock) {
        config = other.config
        selfAttentionNorm = other.selfAttentionNorm
        selfAttention = other.selfAttention
        crossAttentionNorm = other.crossAttentionNorm
        crossAttention = other.crossAttention
        mlpNorm = other.mlpNorm
        mlp = other.mlp
        residualDropout = other.residualDropout
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> TransformerBlock { TransformerBlock(copying: self) }

    /// x (B, T, C) → the block's output.
    /// - Parameters:
    ///   - cross: the cross-attention's keys and values of the encoder output
    ///     (`crossAttention.crossKeysValues(memory)`); required exactly when the block has one.
    ///   - keyPadding: B·T flags, true = a padded key the self-attention ignores.
    ///   - mask: an additive mask on the self-attention's scaled scores ((T, T), (B, T, T) or
    ///     (B, H, T, T)), on top of the causal mask and the padding.
    ///   - crossKeyPadding: B·S flags for the encoder output's keys.
    ///   - cache: inference only: the self-attention's keys and values of earlier positions,
    ///     extended by this call (decoding one position at a time after the prompt).
    public func callAsFunction(_ x: Tensor, cross: KeysValues? = nil, keyPadding: [Bool]? = nil, mask: Tensor? = nil,
                               crossKeyPadding: [Bool]? = nil, cache: KeyValueCache? = nil) throws -> Output {
        // Self-attention sublayer.
        var selfWeights: Tensor?
        var y = try sublayer(x, norm: selfAttentionNorm) { input, residual in
            let result = try cache.map { try selfAttention.attend(input, cache: $0, causal: config.causal, residual: residual) }
                ?? selfAttention.attend(input, causal: config.causal, keyPadding: keyPadding, mask: mask, residual: residual)
            selfWeights = result.weights
            return result.output
        }  // (B, T, C)

        // Cross-attention sublayer.
        var crossWeights: Tensor?
        if let crossAttention {
            guard let cross else {
                throw ModuleError.invalidConfiguration("TransformerBlock: a block with cross-attention needs the encoder's keys and values")
            }
            y = try sublayer(y, norm: crossAttentionNorm) { input, residual in
                let result = try crossAttention.attend(input, keysValues: cross, keyPadding: crossKeyPadding, residual: residual)
                crossWeights = result.weights
                return result.output
            }  // (B, T, C)
        } else if cross != nil {
            throw ModuleError.invalidConfiguration("TransformerBlock: encoder keys and values given to a block without cross-attention")
        }

        // MLP sublayer.
        y = try sublayer(y, norm: mlpNorm) { input, residual in try mlp(input, residual: residual) }  // (B, T, C)
        guard let selfWeights else { throw ModuleError.invalidConfiguration("TransformerBlock: self-attention produced no weights") }
        return Output(x: y, selfWeights: selfWeights, crossWeights: crossWeights)
    }

    /// The block's output at one position of each batch row, `positions[b]`: x (B, T, C) →
    /// (B, 1, C), equal to `self(x, keyPadding:).x` at those rows. Keys and values come from every
    /// position; queries, the residuals and the MLP only from the chosen rows, so a model that
    /// pools one token (CLIP's class and end-of-text tokens) skips the rest of its last block.
    /// In a causal block row b's query sees positions 0…positions[b], as it would in the full block.
    /// - Throws: `ModuleError.invalidConfiguration` for a block with cross-attention;
    ///   `TensorError` for a position outside 0..<T, a count other than B, or padding flags other
    ///   than B·T.
    public func output(at positions: [Int], of x: Tensor, keyPadding: [Bool]? = nil) throws -> Tensor {
        guard crossAttention == nil else {
            throw ModuleError.invalidConfiguration("TransformerBlock: output(at:) needs a block without cross-attention")
        }
        let gathered = try x.gatherPositions(positions)  // (B, C); checks x's rank and the positions
        let b = x.shape[0], t = x.shape[1]
        let rows = try gathered.reshaped([b, 1, x.shape[2]])  // (B, 1, C)
        let normed = config.normalization == .preLayerNorm ? try selfAttentionNorm.map { try $0(x) } ?? x : x  // (B, T, C)
        let keysValues = KeysValues.packed(try selfAttention.packedKeyValue(normed))  // (B, T, 2C)
        if let keyPadding, keyPadding.count != b * t {
            throw TensorError.shapeMismatch(op: "TransformerBlock.output(at:)", lhs: [keyPadding.count], rhs: [b, t],
                                            expected: "keyPadding with B·T entries")
        }
        var visible = keyPadding ?? [Bool](repeating: false, count: b * t)  // B·T, true = hidden from the query
        if config.causal {
            for (row, p) in positions.enumerated() where p + 1 < t {
                for j in (p + 1)..<t { visible[row * t + j] = true }
            }
        }
        var y = try sublayer(rows, norm: selfAttentionNorm) { input, residual in
            try selfAttention.attend(input, keysValues: keysValues, keyPadding: visible, residual: residual).output
        }  // (B, 1, C)
        y = try sublayer(y, norm: mlpNorm) { input, residual in try mlp(input, residual: residual) }  // (B, 1, C)
        return y
    }

    /// One sublayer with its normalisation and residual: `f(input, residual)` computes the
    /// sublayer on `input` and, when `residual` is given, adds it (fused where it can).
    private func sublayer(_ x: Tensor, norm: LayerNorm?,
                          _ f: (_ input: Tensor, _ residual: Tensor?) throws -> Tensor) throws -> Tensor {
        let input = config.normalization == .preLayerNorm ? try norm.map { try $0(x) } ?? x : x  // (B, T, C)
        let summed = residualDropout.isActive
            ? try x + residualDropout(try f(input, nil))
            : try f(input, x)  // (B, T, C)
        guard config.normalization == .postLayerNorm, let norm else { return summed }
        return try norm(summed)
    }
}
