import TinyformerRandom
import TinyformerTensor

/// A lookup table of `count` vectors of width `width` (`torch.nn.Embedding`), parameter
/// `weight` (count, width) initialised N(0, 1) like PyTorch. With a `paddingIndex`
/// (`padding_idx`), that row receives no gradient (its initial value is left as drawn; Hugging
/// Face's initialisation zeroes it).
public final class Embedding: Module {
    public private(set) var weight: Tensor  // (V, C)
    /// The row that gets no gradient (`padding_idx`), or nil.
    public let paddingIndex: Int?
    public var isTraining = true

    public static let members: [ModuleMember<Embedding>] = [.parameter("weight", \.weight)]

    /// Number of vectors V (`num_embeddings`).
    public var count: Int { weight.shape[0] }
    /// Vector width C (`embedding_dim`).
    public var width: Int { weight.shape[1] }

    public init(count: Int, width: Int, paddingIndex: Int? = nil, using generator: inout SeededGenerator) throws {
        guard count > 0, width > 0 else {
            throw ModuleError.invalidConfiguration("Embedding: count and width must be positive, got \(count), \(width)")
        }
        if let paddingIndex, !(0..<count).contains(paddingIndex) {
            throw ModuleError.invalidConfiguration("Embedding: paddingIndex must be in 0..<\(count), got \(paddingIndex)")
        }
        weight = try Tensor.normal([count, width], requiresGrad: true, using: &generator)
        self.paddingIndex = paddingIndex
    }

    private init(weight: Tensor, paddingIndex: Int?, isTraining: Bool) {
        self.weight = weight
        self.paddingIndex = paddingIndex
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> Embedding { Embedding(weight: weight, paddingIndex: paddingIndex, isTraining: isTraining) }

    /// Rows for `indices` shaped `shape` → (shape…, C).
    public func callAsFunction(_ indices: [Int], shape: [Int]) throws -> Tensor {
        try Tensor.embedding(weight, indices: indices, indexShape: shape, paddingIndex: paddingIndex)
    }

    /// Rows for token ids `ids` (S…) → (S…, C).
    public func callAsFunction(_ ids: IntTensor) throws -> Tensor {
        try Tensor.embedding(weight, ids: ids, paddingIndex: paddingIndex)
    }
}
