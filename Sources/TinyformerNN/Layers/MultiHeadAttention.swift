import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, Tq query positions, Tk key positions, C model width, H heads.

/// Multi-head scaled dot-product attention with Q, K, V projections `query`, `key`, `value`
/// (each Linear(C, C) with bias) and an optional output projection `output`:
///   out = [softmax(Q_h K_hᵀ / √(C/H) + mask) V_h]_h · W_oᵀ + b_o.
/// `heads = 1` without output projection is the course's single-head attention. Heads are
/// interleaved in the channels as in `torch.nn.MultiheadAttention`.
public final class MultiHeadAttention: Module {
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let output: Linear?
    public let heads: Int

    public init(width: Int, heads: Int = 1, outputProjection: Bool = false, using generator: inout SeededGenerator) throws {
        guard heads >= 1, width % heads == 0 else {
            throw ModuleError.invalidConfiguration("MultiHeadAttention: width \(width) must be divisible by heads \(heads)")
        }
        self.heads = heads
        query = try Linear(inFeatures: width, outFeatures: width, using: &generator)
        key = try Linear(inFeatures: width, outFeatures: width, using: &generator)
        value = try Linear(inFeatures: width, outFeatures: width, using: &generator)
        output = outputProjection ? try Linear(inFeatures: width, outFeatures: width, using: &generator) : nil
    }

    public var namedParameters: [NamedParameter] {
        var list = prefixed("query", query) + prefixed("key", key) + prefixed("value", value)
        if let output { list += prefixed("output", output) }
        return list
    }

    /// Attention of `x` (B, Tq, C) over `context` (B, Tk, C) (self-attention when nil).
    /// Returns the output (B, Tq, C) and the weights (B, H, Tq, Tk).
    public func attend(_ x: Tensor, context: Tensor? = nil, causal: Bool = false,
                       keyPadding: [Bool]? = nil) throws -> AttentionResult {
        let source = context ?? x
        let q = try query(x)  // (B, Tq, C)
        let k = try key(source)  // (B, Tk, C)
        let v = try value(source)  // (B, Tk, C)
        let result = try Tensor.attention(query: q, key: k, value: v, heads: heads, causal: causal, keyPadding: keyPadding)
        guard let output else { return result }
        return AttentionResult(output: try output(result.output), weights: result.weights)
    }

    /// `attend(...).output`: (B, Tq, C).
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, causal: Bool = false,
                               keyPadding: [Bool]? = nil) throws -> Tensor {
        try attend(x, context: context, causal: causal, keyPadding: keyPadding).output
    }
}
