import TinyformerRandom
import TinyformerTensor

/// y = x·Wᵀ + b (`torch.nn.Linear`). Parameters `weight` (out, in) and `bias` (out).
///
/// Initialisation matches PyTorch's default: W ~ U(−1/√in, 1/√in) (kaiming-uniform with
/// a = √5) and b ~ U(−1/√in, 1/√in), drawn from the given generator (weight first).
public final class Linear: Module {
    public private(set) var weight: Tensor  // (O, I)
    public private(set) var bias: Tensor?  // (O)
    public var isTraining = true

    public static let members: [ModuleMember<Linear>] = [.parameter("weight", \.weight), .parameter("bias", \.bias)]

    /// Input width I (`in_features`).
    public var inputWidth: Int { weight.shape[1] }
    /// Output width O (`out_features`).
    public var outputWidth: Int { weight.shape[0] }

    public init(inputWidth: Int, outputWidth: Int, bias: Bool = true, using generator: inout SeededGenerator) throws {
        guard inputWidth > 0, outputWidth > 0 else {
            throw ModuleError.invalidConfiguration("Linear: widths must be positive, got input \(inputWidth), output \(outputWidth)")
        }
        let bound = 1 / Float(inputWidth).squareRoot()
        weight = try Tensor.uniform([outputWidth, inputWidth], low: -bound, high: bound, requiresGrad: true, using: &generator)
        self.bias = bias ? try Tensor.uniform([outputWidth], low: -bound, high: bound, requiresGrad: true, using: &generator) : nil
    }

    private init(weight: Tensor, bias: Tensor?, isTraining: Bool) {
        self.weight = weight
        self.bias = bias
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> Linear { Linear(weight: weight, bias: bias, isTraining: isTraining) }

    /// x (…, I) → (…, O).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try x.linear(weight: weight, bias: bias)
    }
}
