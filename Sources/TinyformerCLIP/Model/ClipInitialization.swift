import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// CLIP's initialisation (Hugging Face's `CLIPPreTrainedModel._init_weights` with factor 1),
/// for models trained from scratch: normal weights whose standard deviation depends on the role,
/// zero biases, LayerNorms at 1 and 0.
///
///     token / position embeddings              N(0, 0.02²)
///     class embedding                          N(0, C^-1)
///     patch embedding                          N(0, 0.02²)
///     attention q, k, v                        N(0, C^-1 · (2L)^-1)
///     attention output                         N(0, C^-1)
///     MLP fc1                                  N(0, (2C)^-1)
///     MLP fc2                                  N(0, C^-1 · (2L)^-1)
///     visual / text projection                 N(0, C^-1)   (C of the tower)
enum ClipInitialization {
    static let embeddingStd: Float = 0.02

    /// Overwrites `tensor` with N(0, std²) samples.
    static func normal(_ tensor: Tensor, std: Float, using generator: inout SeededGenerator) throws {
        let values = try Tensor.normal(tensor.shape, std: std, using: &generator)
        tensor.data.update(from: values.data, count: tensor.count)
    }

    static func zero(_ tensor: Tensor?) {
        guard let tensor else { return }
        tensor.data.update(repeating: 0, count: tensor.count)
    }

    /// Every block of an encoder of `width` C and L layers.
    static func encoder(_ stack: TransformerStack, width: Int, using generator: inout SeededGenerator) throws {
        let c = Float(width), layers = Float(2 * stack.layers.count)
        let inputStd = 1 / (c.squareRoot() * layers.squareRoot())
        for block in stack.layers {
            let attention = block.selfAttention
            for projection in [attention.query, attention.key, attention.value] {
                try normal(projection.weight, std: inputStd, using: &generator)
                zero(projection.bias)
            }
            if let output = attention.output {
                try normal(output.weight, std: 1 / c.squareRoot(), using: &generator)
                zero(output.bias)
            }
            try normal(block.mlp.fc.weight, std: 1 / (2 * c).squareRoot(), using: &generator)
            zero(block.mlp.fc.bias)
            if let proj = block.mlp.proj {
                try normal(proj.weight, std: inputStd, using: &generator)
                zero(proj.bias)
            }
        }
    }
}
