import TinyformerRandom
import TinyformerTensor

/// A lookup table of `count` vectors of width `width` (`torch.nn.Embedding`), parameter
/// `weight` (count, width) initialised N(0, 1) like PyTorch.
public final class Embedding: Replicable {
    public let weight: Tensor  // (V, C)

    public init(count: Int, width: Int, using generator: inout SeededGenerator) throws {
        guard count > 0, width > 0 else {
            throw ModuleError.invalidConfiguration("Embedding: count and width must be positive, got \(count), \(width)")
        }
        weight = try Tensor.normal([count, width], requiresGrad: true, using: &generator)
    }

    private init(weight: Tensor) { self.weight = weight }

    public func replica() -> Embedding { Embedding(weight: weight.parameterReplica()) }

    public var namedParameters: [NamedParameter] { [("weight", weight)] }

    /// Rows for `indices` shaped `shape` → (shape…, C).
    public func callAsFunction(_ indices: [Int], shape: [Int]) throws -> Tensor {
        try Tensor.embedding(weight, indices: indices, indexShape: shape)
    }
}
