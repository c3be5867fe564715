// What BertModel returns.
import TinyformerTensor

// Shape letters: B batch, T positions, C hidden width.

/// Hugging Face's `BaseModelOutputWithPooling`: the last layer's hidden states and the pooler's
/// output (nil for a model built without pooler).
public struct BertOutput {
    /// (B, T, C) `last_hidden_state`.
    public let lastHiddenState: Tensor
    /// (B, C) `pooler_output` = tanh(dense(h[:, 0])).
    public let pooledOutput: Tensor?
}
