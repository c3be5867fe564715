import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, Tq query positions, Tk key positions, C model width, H heads.

/// Multi-head scaled dot-product attention with Q, K, V projections `query`, `key`, `value`
/// (each Linear(C, C) with bias) and an optional output projection `output`:
///   out = [Dropout(softmax(Q_h K_hᵀ / √(C/H) + mask)) V_h]_h · W_oᵀ + b_o.
/// `heads = 1` without output projection is plain single-head attention. Heads are
/// interleaved in the channels as in `torch.nn.MultiheadAttention` (and Hugging Face's BERT and
/// CLIP attentions). Dropout on the attention probabilities (`attention_probs_dropout_prob`)
/// acts in training mode only; without it the whole attention is one fused op.
public final class MultiHeadAttention: Module {
    public private(set) var query: Linear
    public private(set) var key: Linear
    public private(set) var value: Linear
    public private(set) var output: Linear?
    /// Dropout on the attention probabilities (p = 0 unless configured).
    public private(set) var probabilityDropout: Dropout
    public let heads: Int
    public var isTraining = true

    public static let members: [ModuleMember<MultiHeadAttention>] = [
        .module("query", \.query), .module("key", \.key), .module("value", \.value), .module("output", \.output),
        .module("probability_dropout", \.probabilityDropout),
    ]

    /// - Parameters:
    ///   - outputProjection: add W_o (`…output.{weight,bias}`).
    ///   - probabilityDropout: dropout probability on the attention weights in training.
    public init(width: Int, heads: Int = 1, outputProjection: Bool = false, probabilityDropout: Float = 0,
                using generator: inout SeededGenerator) throws {
        guard heads >= 1, width % heads == 0 else {
            throw ModuleError.invalidConfiguration("MultiHeadAttention: width \(width) must be divisible by heads \(heads)")
        }
        self.heads = heads
        query = try Linear(inputWidth: width, outputWidth: width, using: &generator)
        key = try Linear(inputWidth: width, outputWidth: width, using: &generator)
        value = try Linear(inputWidth: width, outputWidth: width, using: &generator)
        output = outputProjection ? try Linear(inputWidth: width, outputWidth: width, using: &generator) : nil
        self.probabilityDropout = try Dropout(probability: probabilityDropout)
    }

    private init(copying other: MultiHeadAttention) {
        query = other.query
        key = other.key
        value = other.value
        output = other.output
        probabilityDropout = other.probabilityDropout
        heads = other.heads
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> MultiHeadAttention { MultiHeadAttention(copying: self) }

    /// Model width C.
    public var width: Int { query.inputWidth }

    /// Attention of `x` (B, Tq, C) over itself, or over `context` (B, Tk, C) (cross-attention).
    /// Returns the output (B, Tq, C) — plus `residual` (B, Tq, C) when given, fused into the
    /// attention op when nothing (an output projection) sits between — and the weights
    /// (B, H, Tq, Tk). The projections run fused: one (3C, C) product for self-attention, query
    /// plus one (2C, C) product otherwise.
    /// - Parameters:
    ///   - keyPadding: B·Tk flags, true = a padded key no query attends to.
    ///   - mask: an additive mask on the scaled scores, (Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk)
    ///     (Hugging Face's extended attention mask, ALiBi-style biases); a constant.
    public func attend(_ x: Tensor, context: Tensor? = nil, causal: Bool = false, keyPadding: [Bool]? = nil,
                       mask: Tensor? = nil, residual: Tensor? = nil) throws -> AttentionResult {
        if let context {
            return try attend(x, keysValues: .packed(try packedKeyValue(context)), causal: causal,
                              keyPadding: keyPadding, mask: mask, residual: residual)
        }
        let qkv = try packedQueryKeyValue(x)  // (B, T, 3C)
        if probabilityDropout.isActive {
            let c = width
            return try finish(try unfusedAttention(query: try qkv.slice(axis: 2, range: 0..<c),
                                                   key: try qkv.slice(axis: 2, range: c..<(2 * c)),
                                                   value: try qkv.slice(axis: 2, range: (2 * c)..<(3 * c)),
                                                   causal: causal, keyPadding: keyPadding, mask: mask), residual: residual)
        }
        let fused = output == nil ? residual : nil
        let result = try Tensor.attention(packedQueryKeyValue: qkv, heads: heads, causal: causal, keyPadding: keyPadding,
                                          mask: mask, residual: fused)
        return try finish(result, residual: fused == nil ? residual : nil)
    }

    /// Attention of `x` (B, Tq, C) over keys and values computed earlier: a cross-attention's
    /// (`crossKeysValues`, once per source) or a decoding cache's.
    public func attend(_ x: Tensor, keysValues: KeysValues, causal: Bool = false, keyPadding: [Bool]? = nil,
                       mask: Tensor? = nil, residual: Tensor? = nil) throws -> AttentionResult {
        let q = try query(x)  // (B, Tq, C)
        if probabilityDropout.isActive {
            let (k, v) = try keysValues.separated()
            return try finish(try unfusedAttention(query: q, key: k, value: v, causal: causal, keyPadding: keyPadding, mask: mask),
                              residual: residual)
        }
        let fused = output == nil ? residual : nil
        let result = try keysValues.attention(query: q, heads: heads, causal: causal, keyPadding: keyPadding, mask: mask,
                                              residual: fused)
        return try finish(result, residual: fused == nil ? residual : nil)
    }

    /// Self-attention of the new positions `x` (B, S, C) over everything cached so far plus
    /// themselves, for decoding (inference only): their keys and values are appended to `cache`.
    public func attend(_ x: Tensor, cache: KeyValueCache, causal: Bool, residual: Tensor? = nil) throws -> AttentionResult {
        let (own, causalNow) = try cache.append(keys: try key(x), values: try value(x), causal: causal)
        return try attend(x, keysValues: own, causal: causalNow, residual: residual)
    }

    /// `attend(...).output`: (B, Tq, C).
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil, causal: Bool = false,
                               keyPadding: [Bool]? = nil, mask: Tensor? = nil) throws -> Tensor {
        try attend(x, context: context, causal: causal, keyPadding: keyPadding, mask: mask).output
    }

    /// The keys and values of `memory` (B, Tk, C) for cross-attention, computed once and reused
    /// by every decoding step.
    public func crossKeysValues(_ memory: Tensor) throws -> KeysValues {
        .packed(try packedKeyValue(memory))  // (B, Tk, 2C)
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

    /// The output projection (when there is one) and the residual add (when given and not
    /// already fused): residual + W_o·attention, as a separate add after the projection.
    private func finish(_ result: AttentionResult, residual: Tensor?) throws -> AttentionResult {
        var out = result.output  // (B, Tq, C)
        if let output { out = try output(out) }
        if let residual { out = try residual + out }
        return AttentionResult(output: out, weights: result.weights)
    }

    /// softmax(scale·QKᵀ + masks) with dropout on the probabilities, then ·V, from separate
    /// ops (training with probability dropout only): q (B, Tq, C), k and v (B, Tk, C).
    private func unfusedAttention(query q: Tensor, key k: Tensor, value v: Tensor, causal: Bool,
                                  keyPadding: [Bool]?, mask additive: Tensor?) throws -> AttentionResult {
        let b = q.shape[0], tq = q.shape[1], tk = k.shape[1], d = width / heads
        func splitHeads(_ t: Tensor, _ length: Int) throws -> Tensor {  // (B, T, C) → (B·H, T, D)
            try t.reshaped([b, length, self.heads, d]).permuted([0, 2, 1, 3]).reshaped([b * self.heads, length, d])
        }
        let scores = try splitHeads(q, tq).bmm(try splitHeads(k, tk), transposeOther: true)  // (B·H, Tq, Tk)
        let mask = try AttentionMask.additive(batch: b, heads: self.heads, queries: tq, keys: tk, causal: causal,
                                              keyPadding: keyPadding, adding: additive)  // (B·H, Tq, Tk) or nil
        var logits = scores.scaled(by: 1 / Float(d).squareRoot())
        if let mask { logits = try logits + mask }
        let probabilities = try logits.softmax()  // (B·H, Tq, Tk)
        let attended = try probabilityDropout(probabilities).bmm(try splitHeads(v, tk))  // (B·H, Tq, D)
        let out = try attended.reshaped([b, self.heads, tq, d]).permuted([0, 2, 1, 3]).reshaped([b, tq, width])  // (B, Tq, C)
        return AttentionResult(output: out, weights: try probabilities.reshaped([b, self.heads, tq, tk]).detached())
    }
}
