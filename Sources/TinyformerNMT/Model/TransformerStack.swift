import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, S encoder positions, C model width h, H heads, V vocabulary.

/// One stack (the encoder, or the decoder without its output layer): token embedding, sinusoidal
/// positions, layers and (pre-LN) a final LayerNorm. Parameters relative to `encoder.` /
/// `decoder.`: `embedding.weight` (V, C), `layers.<i>.…` (see `TransformerLayer`), and with pre-LN
/// `final_norm.{weight,bias}`.
///   x₀ = Dropout(E[tokens] + PE[0..<T]),  x_{l+1} = layer_l(x_l),  out = LN_final(x_L) or x_L.
/// PyTorch: `Stack` in `Scripts/nmt_torch_twin.py`.
final class TransformerStack: Replicable {
    let embedding: Embedding
    let layers: [TransformerLayer]
    let finalNorm: LayerNorm?
    let causal: Bool
    let dropout: Float

    /// The stack's output and the attention weights of every layer (detached).
    struct Output {
        let x: Tensor  // (B, T, C)
        let selfWeights: [Tensor]  // per layer (B, H, T, T)
        let crossWeights: [Tensor]  // per layer (B, H, T, S); empty without cross-attention
    }

    init(config: TransformerConfig, causal: Bool, crossAttention: Bool, using generator: inout SeededGenerator) throws {
        embedding = try Embedding(count: config.vocabularySize, width: config.hiddenSize, using: &generator)
        layers = try (0..<config.layers).map { _ in
            try TransformerLayer(config: config, crossAttention: crossAttention, using: &generator)
        }
        finalNorm = config.preLayerNorm ? try LayerNorm(width: config.hiddenSize) : nil
        self.causal = causal
        dropout = config.dropout
    }

    private init(replicating stack: TransformerStack) {
        embedding = stack.embedding.replica()
        layers = stack.layers.map { $0.replica() }
        finalNorm = stack.finalNorm?.replica()
        causal = stack.causal
        dropout = stack.dropout
    }

    func replica() -> TransformerStack { TransformerStack(replicating: self) }

    var namedParameters: [NamedParameter] {
        var list = prefixed("embedding", embedding)
        for (i, layer) in layers.enumerated() { list += prefixed("layers.\(i)", layer) }
        if let finalNorm { list += prefixed("final_norm", finalNorm) }
        return list
    }

    /// E[tokens] + PE: tokens (B·T, row-major) → (B, T, C). `positions` is PE[0..<T] (T, C), or
    /// one row (1, C) for a single decoding step at that position.
    func embed(_ tokens: [Int], batch: Int, length: Int, positions: Tensor,
               training: Bool, generator: inout SeededGenerator) throws -> Tensor {
        let x = try embedding(tokens, shape: [batch, length]) + positions  // (B, T, C)
        guard training, dropout > 0 else { return x }
        return try x.dropout(probability: dropout, training: true, using: &generator)
    }

    /// Runs the layers over embedded inputs x (B, T, C). `cross` holds each layer's cross-attention
    /// keys/values (decoder of the encoder–decoder); `caches` one self-attention cache per layer
    /// (inference).
    func run(_ x: Tensor, cross: [KeysValues]?, caches: [KeyValueCache]? = nil,
             training: Bool, generator: inout SeededGenerator) throws -> Output {
        var x = x  // (B, T, C)
        var selfWeights: [Tensor] = [], crossWeights: [Tensor] = []
        selfWeights.reserveCapacity(layers.count)
        for (i, layer) in layers.enumerated() {
            let out = try layer(x, causal: causal, cross: cross?[i], cache: caches?[i], training: training, generator: &generator)
            x = out.x
            selfWeights.append(out.selfWeights)
            if let w = out.crossWeights { crossWeights.append(w) }
        }
        if let finalNorm { x = try finalNorm(x) }  // (B, T, C)
        return Output(x: x, selfWeights: selfWeights, crossWeights: crossWeights)
    }

    /// Every layer's cross-attention keys and values of the encoder output `memory` (B, S, C).
    func crossKeysValues(_ memory: Tensor) throws -> [KeysValues] {
        try layers.map { try $0.crossKeysValues(memory) }
    }
}
