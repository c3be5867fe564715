import TinyformerTensor

/// Layer normalisation over the last dimension (`torch.nn.LayerNorm(width, eps)`), parameters
/// `weight` (ones) and `bias` (zeros), both (C).
public final class LayerNorm: Module {
    public private(set) var weight: Tensor  // (C)
    public private(set) var bias: Tensor  // (C)
    public let eps: Float
    public var isTraining = true

    public static let members: [ModuleMember<LayerNorm>] = [.parameter("weight", \.weight), .parameter("bias", \.bias)]

    /// Normalised width C (`normalized_shape`).
    public var width: Int { weight.shape[0] }

    public init(width: Int, eps: Float = 1e-5) throws {
        guard width > 0 else { throw ModuleError.invalidConfiguration("LayerNorm: width must be positive, got \(width)") }
        guard eps >= 0, eps.isFinite else { throw ModuleError.invalidConfiguration("LayerNorm: eps must be finite and ≥ 0, got \(eps)") }
        weight = try Tensor.full([width], value: 1, requiresGrad: true)
        bias = try Tensor.zeros([width], requiresGrad: true)
        self.eps = eps
    }

    private init(weight: Tensor, bias: Tensor, eps: Float, isTraining: Bool) {
        self.weight = weight
        self.bias = bias
        self.eps = eps
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> LayerNorm { LayerNorm(weight: weight, bias: bias, eps: eps, isTraining: isTraining) }

    /// x (…, C) → (…, C).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.layerNorm(weight: weight, bias: bias, eps: eps)
    }
}
