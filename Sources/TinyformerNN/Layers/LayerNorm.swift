import TinyformerTensor

/// Layer normalisation over the last dimension (`torch.nn.LayerNorm(width, eps)`), parameters
/// `weight` (ones) and `bias` (zeros), both (C).
public final class LayerNorm: Replicable {
    public let weight: Tensor  // (C)
    public let bias: Tensor  // (C)
    public let eps: Float

    public init(width: Int, eps: Float = 1e-5) throws {
        guard width > 0 else { throw ModuleError.invalidConfiguration("LayerNorm: width must be positive, got \(width)") }
        weight = try Tensor.full([width], value: 1, requiresGrad: true)
        bias = try Tensor.zeros([width], requiresGrad: true)
        self.eps = eps
    }

    private init(weight: Tensor, bias: Tensor, eps: Float) {
        self.weight = weight
        self.bias = bias
        self.eps = eps
    }

    public func replica() -> LayerNorm { LayerNorm(weight: weight.parameterReplica(), bias: bias.parameterReplica(), eps: eps) }

    public var namedParameters: [NamedParameter] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.layerNorm(weight: weight, bias: bias, eps: eps)
    }
}
