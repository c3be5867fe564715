// Hugging Face's weight initialisation of BERT models (`BertPreTrainedModel._init_weights`).
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

extension Module {
    /// Re-initialises every layer of this tree as transformers' `_init_weights` does: each
    /// `Linear` weight and `Embedding` table ~ N(0, std²) (std = `initializer_range`), linear
    /// biases 0, an embedding's padding row 0, `LayerNorm` weight 1 and bias 0. Tensors are drawn
    /// in `namedModules` order from `generator` (PyTorch's own draws cannot be reproduced; the
    /// distribution is the same).
    public func initializeLikeHuggingFace(std: Float, using generator: inout SeededGenerator) {
        func fillNormal(_ t: Tensor) {
            for i in 0..<t.count { t.data[i] = std * Float(generator.nextNormal()) }
        }
        for (_, module) in namedModules {
            switch module {
            case let linear as Linear:
                fillNormal(linear.weight)
                if let bias = linear.bias { bias.data.update(repeating: 0, count: bias.count) }
            case let embedding as Embedding:
                fillNormal(embedding.weight)
                if let row = embedding.paddingIndex {
                    (embedding.weight.data + row * embedding.width).update(repeating: 0, count: embedding.width)
                }
            case let norm as LayerNorm:
                norm.weight.data.update(repeating: 1, count: norm.width)
                norm.bias.data.update(repeating: 0, count: norm.width)
            default:
                continue
            }
        }
    }
}
