import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, Tq query positions, Tk key positions, C model width, H heads.

/// Multi-head scaled dot-product attention with Q, K, V projections `query`, `key`, `value`
/// (each Linear(C, C) with bias) and an optional output projection `output`:
///   out = [softmax(Q_h K_hᵀ / √(C/H) + mask) V_h]_h · W_oᵀ + b_o.
/// `heads = 1` without output projection is the course's single-head attention. Heads are
/// interleaved in the channels as in `torch.nn.MultiheadAttention`.
public final class MultiHeadAttention: Replicable {
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

    private init(query: Linear, key: Linear, value: Linear, output: Linear?, heads: Int) {
        self.query = query
        self.key = key
        self.value = value
        self.output = output
        self.heads = heads
    }

    public func replica() -> MultiHeadAttention {
        MultiHeadAttention(query: query.replica(), key: key.replica(), value: value.replica(), output: output?.replica(), heads: heads)
    }

    public var namedParameters: [NamedParameter] {
        var list = prefixed("query", query) + prefixed("key", key) + prefixed("value", value)
        if let output { list += prefixed("output", output) }
        return list
    }

    /// Attention of `x` (B, Tq, C) over `context` (B, Tk, C) (self-attention when nil).
    /// Returns the output (B, Tq, C) and the weights (B, H, Tq, Tk). The projections run fused:
    /// one (3C, C) product for self-attention, query plus one (2C, C) product otherwise.
    public func attend(_ x: Tensor, context: Tensor? = nil, causal: Bool = false,
                       keyPadding: [Bool]? = nil) throws -> AttentionResult {
        let result: AttentionResult
        if let context {
            result = try Tensor.attention(query: try query(x), packedKeyValue: try packedKeyValue(context), heads: heads,
                                          causal: causal, keyPadding: keyPadding)
        } else {
            result = try Tensor.attention(packedQueryKeyValue: try packedQueryKeyValue(x), heads: heads, causal: causal,
                                          keyPadding: keyPadding)
        }
        guard let output else { return result }
        return AttentionResult(output: try output(result.output), weights: result.weights)
    }

    /// `attend(...).output`: (B, Tq, C).
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, causal: Bool = false,
                               keyPadding: [Bool]? = nil) throws -> Tensor {
        try attend(x, context: context, causal: causal, keyPadding: keyPadding).output
    }

    /// [Q | K | V] = x·[W_q; W_k; W_v]ᵀ + [b_q; b_k; b_v]: x (B, T, C) → (B, T, 3C) in one GEMM
    /// (`Tensor.linear(stackedWeights:biases:)`: the weights are packed per call, a 3C×C copy,
    /// and the backward hands each parameter its rows). Equals concatenating `query(x)`,
    /// `key(x)`, `value(x)`.
    public func packedQueryKeyValue(_ x: Tensor) throws -> Tensor {
        try fused([query, key, value], x)
    }

    /// [K | V] of `context` (B, Tk, C) → (B, Tk, 2C) in one GEMM, as `packedQueryKeyValue`.
    public func packedKeyValue(_ context: Tensor) throws -> Tensor {
        try fused([key, value], context)
    }

    private func fused(_ projections: [Linear], _ x: Tensor) throws -> Tensor {
        // The initialiser gives every projection a bias.
        try x.linear(stackedWeights: projections.map(\.weight), biases: projections.compactMap(\.bias))  // (…, n·C)
    }
}
