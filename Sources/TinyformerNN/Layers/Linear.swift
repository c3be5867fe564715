import TinyformerRandom
import TinyformerTensor

/// y = x·Wᵀ + b (`torch.nn.Linear`). Parameters `weight` (out, in) and `bias` (out).
///
/// Initialisation matches PyTorch's default: W ~ U(−1/√in, 1/√in) (kaiming-uniform with
/// a = √5) and b ~ U(−1/√in, 1/√in), drawn from the given generator.
public final class Linear: Replicable {
    public let weight: Tensor  // (O, I)
    public let bias: Tensor?  // (O)
    public let inFeatures: Int
    public let outFeatures: Int

    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, using generator: inout SeededGenerator) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw ModuleError.invalidConfiguration("Linear: feature sizes must be positive, got in \(inFeatures), out \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = try Tensor.uniform([outFeatures, inFeatures], low: -bound, high: bound, requiresGrad: true, using: &generator)
        self.bias = bias ? try Tensor.uniform([outFeatures], low: -bound, high: bound, requiresGrad: true, using: &generator) : nil
    }

    private init(weight: Tensor, bias: Tensor?) {
        self.weight = weight
        self.bias = bias
        inFeatures = weight.shape[1]
        outFeatures = weight.shape[0]
    }

    public func replica() -> Linear { Linear(weight: weight.parameterReplica(), bias: bias?.parameterReplica()) }

    public var namedParameters: [NamedParameter] {
        var list: [NamedParameter] = [("weight", weight)]
        if let bias { list.append(("bias", bias)) }
        return list
    }

    /// x (…, I) → (…, O).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.linear(weight: weight, bias: bias)
    }
}
