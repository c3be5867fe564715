import TinyformerRandom
import TinyformerTensor

/// A lookup table of `count` vectors of width `width` (`torch.nn.Embedding`), parameter
/// `weight` (count, width) initialised N(0, 1) like PyTorch.
public final class Embedding: Module {
    public private(set) var weight: Tensor  // (V, C)
    public var isTraining = true

    public static let members: [ModuleMember<Embedding>] = [.parameter("weight", \.weight)]

    /// Number of vectors V (`num_embeddings`).
    public var count: Int { weight.shape[0] }
    /// Vector width C (`embedding_dim`).
    public var width: Int { weight.shape[1] }

    public init(count: Int, width: Int, using generator: inout SeededGenerator) throws {
        guard count > 0, width > 0 else {
            throw ModuleError.invalidConfiguration("Embedding: count and width must be positive, got \(count), \(width)")
        }
        weight = try Tensor.normal([count, width], requiresGrad: true, using: &generator)
    }

    private init(weight: Tensor, isTraining: Bool) {
        self.weight = weight
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> Embedding { Embedding(weight: weight, isTraining: isTraining) }

    /// Rows for `indices` shaped `shape` → (shape…, C).
    public func callAsFunction(_ indices: [Int], shape: [Int]) throws -> Tensor {
        try Tensor.embedding(weight, indices: indices, indexShape: shape)
    }

    /// Rows for token ids `ids` (S…) → (S…, C).
    public func callAsFunction(_ ids: IntTensor) throws -> Tensor {
        try Tensor.embedding(weight, ids: ids)
    }
}
