import TinyformerTensor

// Shape letters: B batch, S encoder positions, T decoder positions, H heads, V vocabulary.

/// The result of a forward pass: the logits and every layer's attention weights (detached from
/// the graph, for inspection and plots; they cost nothing extra, the fused attention keeps them
/// for its backward pass anyway).
public struct TransformerOutput {
    /// (B, T, V), differentiable.
    public let logits: Tensor
    /// Encoder self-attention per layer, (B, H, S, S); empty for the decoder-only model.
    public let encoderAttention: [Tensor]
    /// Decoder (causal) self-attention per layer, (B, H, T, T).
    public let decoderSelfAttention: [Tensor]
    /// Decoder cross-attention over the encoder output per layer, (B, H, T, S); empty for the
    /// decoder-only model.
    public let crossAttention: [Tensor]
}
