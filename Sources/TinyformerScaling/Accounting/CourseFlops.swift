import TinyformerNMT

// Shape letters: s sequence positions (SOS + source + EOP + target, no padding here), h model
// width, V vocabulary, L layers.

/// The course's FLOP count of the decoder-only model, per sequence of s positions:
///
///     forward(s) = L·(6sh² + 2s²h + 3s² + 2s²h + 2sh²) + 2sVh
///     training(s) = 3·forward(s)
///
/// Derived from the model's code, per layer over s positions (a product of an (m, k) and a
/// (k, n) matrix costs 2mkn):
///
///     Q, K, V projections, three Linear(h, h)      3 · 2·s·h·h = 6sh²
///     scores QKᵀ, (s, h)·(h, s)                    2s²h
///     softmax over every score: exp, sum, divide   3s²
///     weights·V, (s, s)·(s, h)                     2s²h
///     MLP, one Linear(h, h)                        2sh²
///     output layer Linear(h, V), once              2sVh
///
/// Biases, residual adds, ReLU and the embedding lookup are not counted; the causal mask is not
/// subtracted (the kernels compute every score). Training is forward + backward, the backward
/// pass computing gradients of both operands of every product (≈ 2 × forward): 3 × forward.
/// This equals `TransformerConfig.forwardFlops` (the library's count of matrix products) plus
/// the softmax's 3s² per layer. The course pads each batch to its longest sequence; batches here
/// hold sequences of one length (`LengthBatcher`), so s is every sequence's true length.
public enum CourseFlops {
    /// FLOPs of one forward pass over one sequence of `sequenceLength` positions.
    public static func forward(sequenceLength: Int, config: TransformerConfig) -> Double {
        let s = Double(sequenceLength), h = Double(config.hiddenSize), v = Double(config.vocabularySize)
        let layer = 6 * s * h * h + 2 * s * s * h + 3 * s * s + 2 * s * s * h + 2 * s * h * h
        return Double(config.layers) * layer + 2 * s * v * h
    }

    /// `3 · forward`: one training step's FLOPs for one sequence.
    public static func training(sequenceLength: Int, config: TransformerConfig) -> Double {
        3 * forward(sequenceLength: sequenceLength, config: config)
    }

    /// A batch's training FLOPs: B sequences of S + T + 2 positions (SOS + source + EOP + target).
    public static func training(batch: PairBatch, config: TransformerConfig) -> Double {
        Double(batch.count) * training(sequenceLength: batch.sourceLength + batch.targetLength + 2, config: config)
    }

    /// The 6·N·D estimate: 6 FLOPs per parameter per trained token (2 forward, 4 backward).
    public static func sixND(parameters: Int, tokens: Double) -> Double {
        6 * Double(parameters) * tokens
    }
}
