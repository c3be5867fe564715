import TinyformerRandom
import TinyformerTensor

// Shape letters: N positions (all leading dimensions), C model width, M the hidden width.

/// The position-wise MLP of a transformer block, parameters `fc` and (with a hidden width) `proj`:
///   no hidden width:  MLP(x) = act(x·W_fcᵀ + b_fc),                               W_fc (C, C)
///   hidden width M:               MLP(x) = act(x·W_fcᵀ + b_fc)·W_projᵀ + b_proj,  W_fc (M, C), W_proj (C, M)
/// PyTorch: `nn.Sequential(nn.Linear(C, C), nn.ReLU())` for the first; `proj(act(fc(x)))` in
/// GPT-2, BERT (`intermediate.dense` → `output.dense`) and CLIP (`fc1` → `fc2`).
public final class FeedForward: Module {
    public private(set) var fc: Linear
    public private(set) var proj: Linear?
    public let activation: Activation
    public var isTraining = true

    public static let members: [ModuleMember<FeedForward>] = [.module("fc", \.fc), .module("proj", \.proj)]

    /// - Parameter hiddenWidth: M, or nil for a single Linear(C, C).
    public init(width: Int, hiddenWidth: Int?, activation: Activation, using generator: inout SeededGenerator) throws {
        fc = try Linear(inputWidth: width, outputWidth: hiddenWidth ?? width, using: &generator)
        proj = try hiddenWidth.map { try Linear(inputWidth: $0, outputWidth: width, using: &generator) }
        self.activation = activation
    }

    private init(copying other: FeedForward) {
        fc = other.fc
        proj = other.proj
        activation = other.activation
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> FeedForward { FeedForward(copying: self) }

    /// x (N…, C) → MLP(x), or residual + MLP(x) when `residual` (N…, C) is given: the add
    /// happens inside the fused Linear + ReLU when that is the whole MLP.
    public func callAsFunction(_ x: Tensor, residual: Tensor? = nil) throws -> Tensor {
        if activation == .relu && proj == nil {
            return try x.linearReLU(weight: fc.weight, bias: fc.bias, residual: residual)  // (N, C), one op
        }
        let activated = activation == .relu
            ? try x.linearReLU(weight: fc.weight, bias: fc.bias)  // (N, M), one fused op
            : activation(try fc(x))  // (N, M)
        let output = try proj.map { try $0(activated) } ?? activated  // (N, C)
        guard let residual else { return output }
        return try residual + output
    }
}
