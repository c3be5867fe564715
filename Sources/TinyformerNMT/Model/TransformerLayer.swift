import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions of this stack, S positions of the encoder output (memory),
// C model width h, H heads.

/// One layer of either stack, parameters (dotted names relative to `…layers.<i>`):
/// `self_attention.{query,key,value}[.output]`, `cross_attention.…` (encoder–decoder decoder
/// layers only), `mlp.fc[.proj]`, and with pre-LN `self_attention_norm`, `cross_attention_norm`,
/// `mlp_norm`. The course's post-residual form (no LayerNorm, no dropout):
///   x ← x + SelfAttn(x)                 (causal in the decoder)
///   x ← x + CrossAttn(x, memory)        (decoder: queries from x, keys/values from memory)
///   x ← x + MLP(x)
/// with Attn(q, kv) = softmax(Q Kᵀ/√(h/H) + mask) V, Q = q·W_qᵀ + b_q, K = kv·W_kᵀ + b_k,
/// V = kv·W_vᵀ + b_v (heads interleaved in channels, optional ·W_oᵀ + b_o). Pre-LN applies a
/// LayerNorm to x inside each sublayer: x ← x + Dropout(f(LN(x))). PyTorch: `Layer` in
/// `Scripts/nmt_torch_twin.py` (the course's `TransformerEncoder`/`TransformerDecoder` loop bodies).
final class TransformerLayer: Replicable {
    let selfAttentionNorm: LayerNorm?
    let selfAttention: MultiHeadAttention
    let crossAttentionNorm: LayerNorm?
    let crossAttention: MultiHeadAttention?
    let mlpNorm: LayerNorm?
    let mlp: FeedForward
    let dropout: Float

    /// The layer's result and its attention weights (detached, for plots).
    struct Output {
        let x: Tensor  // (B, T, C)
        let selfWeights: Tensor  // (B, H, T, T) or (B, H, 1, T) in a decoding step
        let crossWeights: Tensor?  // (B, H, T, S)
    }

    init(config: TransformerConfig, crossAttention hasCross: Bool, using generator: inout SeededGenerator) throws {
        let h = config.hiddenSize
        func norm() throws -> LayerNorm? { config.preLayerNorm ? try LayerNorm(width: h) : nil }
        selfAttentionNorm = try norm()
        selfAttention = try MultiHeadAttention(width: h, heads: config.heads, outputProjection: config.attentionOutputProjection,
                                               using: &generator)
        crossAttentionNorm = hasCross ? try norm() : nil
        crossAttention = hasCross
            ? try MultiHeadAttention(width: h, heads: config.heads, outputProjection: config.attentionOutputProjection,
                                     using: &generator)
            : nil
        mlpNorm = try norm()
        mlp = try FeedForward(width: h, multiplier: config.mlpMultiplier, activation: config.activation, using: &generator)
        dropout = config.dropout
    }

    private init(replicating layer: TransformerLayer) {
        selfAttentionNorm = layer.selfAttentionNorm?.replica()
        selfAttention = layer.selfAttention.replica()
        crossAttentionNorm = layer.crossAttentionNorm?.replica()
        crossAttention = layer.crossAttention?.replica()
        mlpNorm = layer.mlpNorm?.replica()
        mlp = layer.mlp.replica()
        dropout = layer.dropout
    }

    func replica() -> TransformerLayer { TransformerLayer(replicating: self) }

    var namedParameters: [NamedParameter] {
        var list: [NamedParameter] = []
        if let selfAttentionNorm { list += prefixed("self_attention_norm", selfAttentionNorm) }
        list += prefixed("self_attention", selfAttention)
        if let crossAttentionNorm { list += prefixed("cross_attention_norm", crossAttentionNorm) }
        if let crossAttention { list += prefixed("cross_attention", crossAttention) }
        if let mlpNorm { list += prefixed("mlp_norm", mlpNorm) }
        return list + prefixed("mlp", mlp)
    }

    /// The cross-attention's keys and values of the encoder output `memory` (B, S, C); computed
    /// once per batch and reused by every decoding step.
    func crossKeysValues(_ memory: Tensor) throws -> KeysValues {
        guard let crossAttention else {
            throw TransformerError.invalidArgument("this layer has no cross-attention")
        }
        return .packed(try crossAttention.packedKeyValue(memory))  // (B, S, 2C)
    }

    /// x (B, T, C) → the layer's output. `cross` must be given exactly when the layer has a
    /// cross-attention; `cache` (inference) stores the self-attention keys and values.
    func callAsFunction(_ x: Tensor, causal: Bool, cross: KeysValues?, cache: KeyValueCache? = nil,
                        training: Bool, generator: inout SeededGenerator) throws -> Output {
        // Without dropout, each residual add goes into the op that ends its sublayer (attention
        // without an output projection, the course's Linear + ReLU): same numbers, fewer ops.
        let fusesResidual = !(training && dropout > 0)

        // Self-attention sublayer.
        let h = try selfAttentionNorm.map { try $0(x) } ?? x  // (B, T, C)
        let selfResidual = fusesResidual && selfAttention.output == nil ? x : nil
        let attended: AttentionResult
        if let cache {  // decoding: keys and values of earlier positions come from the cache
            let query = try selfAttention.query(h)  // (B, T, C)
            let (own, selfCausal) = try cache.append(keys: try selfAttention.key(h), values: try selfAttention.value(h), causal: causal)
            attended = try project(selfAttention, try own.attention(query: query, heads: selfAttention.heads, causal: selfCausal,
                                                                    residual: selfResidual))
        } else {  // one fused Q/K/V projection
            let qkv = try selfAttention.packedQueryKeyValue(h)  // (B, T, 3C)
            attended = try project(selfAttention, try Tensor.attention(packedQueryKeyValue: qkv, heads: selfAttention.heads,
                                                                       causal: causal, residual: selfResidual))
        }
        var y = selfResidual != nil ? attended.output : try x + drop(attended.output, training: training, generator: &generator)  // (B, T, C)

        // Cross-attention sublayer (encoder–decoder decoder layers).
        var crossWeights: Tensor?
        if let crossAttention {
            guard let cross else { throw TransformerError.invalidArgument("a decoder layer needs the encoder output") }
            let hc = try crossAttentionNorm.map { try $0(y) } ?? y  // (B, T, C)
            let query = try crossAttention.query(hc)  // (B, T, C)
            let crossResidual = fusesResidual && crossAttention.output == nil ? y : nil
            let result = try project(crossAttention, try cross.attention(query: query, heads: crossAttention.heads, causal: false,
                                                                         residual: crossResidual))
            y = crossResidual != nil ? result.output : try y + drop(result.output, training: training, generator: &generator)  // (B, T, C)
            crossWeights = result.weights
        }

        // MLP sublayer.
        let hm = try mlpNorm.map { try $0(y) } ?? y  // (B, T, C)
        y = fusesResidual ? try mlp(hm, residual: y) : try y + drop(try mlp(hm), training: training, generator: &generator)  // (B, T, C)
        return Output(x: y, selfWeights: attended.weights, crossWeights: crossWeights)
    }

    /// The attention output through the optional output projection. Scale 1/√(h/H) (the course's
    /// 1/√h for one head) is the attention op's default.
    private func project(_ attention: MultiHeadAttention, _ result: AttentionResult) throws -> AttentionResult {
        guard let output = attention.output else { return result }
        return AttentionResult(output: try output(result.output), weights: result.weights)  // (B, T, C)
    }

    private func drop(_ t: Tensor, training: Bool, generator: inout SeededGenerator) throws -> Tensor {
        guard training, dropout > 0 else { return t }
        return try t.dropout(probability: dropout, training: true, using: &generator)
    }
}
