import TinyformerTensor

// Shape letters: I images, N texts, P projection width.

/// What `ClipModel(inputIDs:attentionMask:pixelValues:)` returns: Hugging Face's `CLIPOutput`
/// without the towers' hidden states.
public struct ClipOutput {
    /// Projected, L2-normalised image embeddings (I, P).
    public let imageEmbeds: Tensor
    /// Projected, L2-normalised text embeddings (N, P).
    public let textEmbeds: Tensor
    /// exp(logit_scale) · imageEmbeds · textEmbedsᵀ (I, N).
    public let logitsPerImage: Tensor
    /// Its transpose (N, I).
    public let logitsPerText: Tensor
}
