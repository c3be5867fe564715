import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: N positions (all leading dimensions), C model width h, M = m·h the hidden width.

/// The position-wise MLP of a transformer layer, parameters `fc` and (m > 1) `proj`:
///   m = 1 (the course): MLP(x) = act(x·W_fcᵀ + b_fc),                   W_fc (C, C)
///   m > 1:              MLP(x) = act(x·W_fcᵀ + b_fc)·W_projᵀ + b_proj,  W_fc (M, C), W_proj (C, M)
/// with act = ReLU or exact GELU. PyTorch: `nn.Sequential(nn.Linear(h, h), nn.ReLU())` in the
/// course; `proj(F.gelu(fc(x)))` in `Scripts/nmt_torch_twin.py`'s `FeedForward`.
final class FeedForward: Replicable {
    let fc: Linear
    let proj: Linear?
    let activation: TransformerConfig.Activation

    init(width: Int, multiplier: Int, activation: TransformerConfig.Activation,
         using generator: inout SeededGenerator) throws {
        fc = try Linear(inFeatures: width, outFeatures: width * multiplier, using: &generator)
        proj = multiplier > 1 ? try Linear(inFeatures: width * multiplier, outFeatures: width, using: &generator) : nil
        self.activation = activation
    }

    private init(fc: Linear, proj: Linear?, activation: TransformerConfig.Activation) {
        self.fc = fc
        self.proj = proj
        self.activation = activation
    }

    func replica() -> FeedForward { FeedForward(fc: fc.replica(), proj: proj?.replica(), activation: activation) }

    var namedParameters: [NamedParameter] {
        var list = prefixed("fc", fc)
        if let proj { list += prefixed("proj", proj) }
        return list
    }

    /// x (N…, C) → MLP(x), or residual + MLP(x) when `residual` (N…, C) is given: the add
    /// happens inside the course's fused Linear + ReLU when that is the whole MLP.
    func callAsFunction(_ x: Tensor, residual: Tensor? = nil) throws -> Tensor {
        if activation == .relu && proj == nil {
            return try x.linearReLU(weight: fc.weight, bias: fc.bias, residual: residual)  // (N, C), one op
        }
        let activated = activation == .relu
            ? try x.linearReLU(weight: fc.weight, bias: fc.bias)  // (N, M), one fused op
            : try fc(x).gelu()  // (N, M)
        let output = try proj.map { try $0(activated) } ?? activated  // (N, C)
        guard let residual else { return output }
        return try residual + output
    }
}
