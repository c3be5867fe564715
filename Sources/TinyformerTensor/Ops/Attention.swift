import COpenBLAS

// Fused masked scaled dot-product attention. Shape letters: B batch, Tq query positions, Tk key
// positions, H heads, Dk query/key width per head, Dv value width per head. Heads are interleaved
// in the channel dimension exactly as `nn.MultiheadAttention`'s projections produce them, so
// head h is the channel block [h·Dk, (h+1)·Dk).

/// The output of `Tensor.attention` and the attention weights it used.
public struct AttentionResult {
    /// (B, Tq, H·Dv), differentiable.
    public let output: Tensor
    /// (B, H, Tq, Tk) softmax weights, detached from the graph (for inspection and plotting).
    public let weights: Tensor

    public init(output: Tensor, weights: Tensor) {
        self.output = output
        self.weights = weights
    }
}

extension Tensor {
    /// Multi-head scaled dot-product attention with masking, fused into one graph node:
    ///   A_h = softmax(scale · Q_h K_hᵀ + mask), out_h = A_h V_h, for each head h,
    /// where mask = −∞ at key j for query i when `causal && j > i`, or when
    /// `keyPadding[b·Tk + j]` is true (PyTorch's `key_padding_mask` convention: true = ignore).
    /// Matches `torch.nn.functional.scaled_dot_product_attention` per head with `is_causal` /
    /// a boolean mask, except that a query row whose keys are all masked yields zeros, not NaN.
    /// - Parameters:
    ///   - query: (B, Tq, H·Dk); key: (B, Tk, H·Dk); value: (B, Tk, H·Dv)
    ///   - scale: defaults to 1/√Dk.
    public static func attention(query: Tensor, key: Tensor, value: Tensor, heads: Int = 1,
                                 causal: Bool = false, keyPadding: [Bool]? = nil,
                                 scale: Float? = nil) throws -> AttentionResult {
        let op = "attention"
        guard heads >= 1 else { throw TensorError.invalidArgument(op: op, message: "heads must be ≥ 1, got \(heads)") }
        for (name, t) in [("query", query), ("key", key), ("value", value)] where t.rank != 3 {
            throw TensorError.invalidShape(op: "\(op) \(name)", shape: t.shape, expected: "rank 3 (B, T, H·D)")
        }
        let batch = query.shape[0], tq = query.shape[1], tk = key.shape[1]
        guard key.shape[0] == batch, key.shape[2] == query.shape[2] else {
            throw TensorError.shapeMismatch(op: "\(op) query/key", lhs: query.shape, rhs: key.shape,
                                            expected: "query (B, Tq, H·Dk) and key (B, Tk, H·Dk)")
        }
        guard value.shape[0] == batch, value.shape[1] == tk else {
            throw TensorError.shapeMismatch(op: "\(op) key/value", lhs: key.shape, rhs: value.shape,
                                            expected: "key (B, Tk, H·Dk) and value (B, Tk, H·Dv)")
        }
        guard query.shape[2] % heads == 0, value.shape[2] % heads == 0 else {
            throw TensorError.invalidArgument(op: op, message: "channel sizes \(query.shape[2]) and \(value.shape[2]) must be divisible by heads = \(heads)")
        }
        let dk = query.shape[2] / heads, dv = value.shape[2] / heads
        if let keyPadding, keyPadding.count != batch * tk {
            throw TensorError.shapeMismatch(op: op, lhs: [keyPadding.count], rhs: [batch, tk], expected: "keyPadding with B·Tk entries")
        }
        let s = scale ?? 1 / Float(dk).squareRoot()
        let padding: [UInt8]? = keyPadding.map { $0.map { $0 ? 1 : 0 } }
        let probs = try Tensor(outputShape: [batch, heads, tq, tk], op: op)  // (B, H, Tq, Tk)
        let out = try Tensor(outputShape: [batch, tq, heads * dv], op: op)  // (B, Tq, H·Dv)
        let flops = 2 * Double(batch * heads * tq * tk * (dk + dv))
        let run = { (pad: UnsafePointer<UInt8>?) in
            Parallel.chunks(count: batch, flops: flops) { items in
                let b = items.lowerBound
                tf_attention_forward(Int32(items.count), Int32(heads), Int32(tq), Int32(tk), Int32(dk), Int32(dv), s,
                                     causal ? 1 : 0, pad.map { $0 + b * tk },
                                     query.data + b * tq * heads * dk, key.data + b * tk * heads * dk,
                                     value.data + b * tk * heads * dv, probs.data + b * heads * tq * tk,
                                     out.data + b * tq * heads * dv)
            }
        }
        if let padding { padding.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }

        out.record([query, key, value]) { out in
            guard let dout = out.gradStorage?.base else { return }
            let dq = query.requiresGrad ? query.gradientBuffer() : nil
            let dkey = key.requiresGrad ? key.gradientBuffer() : nil
            let dvalue = value.requiresGrad ? value.gradientBuffer() : nil
            Parallel.chunks(count: batch, flops: 2 * flops) { items in
                let b = items.lowerBound
                let scratch = TensorStorage(count: tq * tk, zeroed: false)  // (Tq, Tk) per chunk
                let qOffset = b * tq * heads * dk, kOffset = b * tk * heads * dk, vOffset = b * tk * heads * dv
                tf_attention_backward(Int32(items.count), Int32(heads), Int32(tq), Int32(tk), Int32(dk), Int32(dv), s,
                                      query.data + qOffset, key.data + kOffset, value.data + vOffset,
                                      probs.data + b * heads * tq * tk, dout + b * tq * heads * dv,
                                      dq.map { $0 + qOffset }, dkey.map { $0 + kOffset }, dvalue.map { $0 + vOffset },
                                      scratch.base)
            }
        }
        return AttentionResult(output: out, weights: probs.detached())
    }

    /// `attention(...).output`: (B, Tq, H·Dv).
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, heads: Int = 1,
                                                 causal: Bool = false, keyPadding: [Bool]? = nil,
                                                 scale: Float? = nil) throws -> Tensor {
        try attention(query: query, key: key, value: value, heads: heads, causal: causal,
                      keyPadding: keyPadding, scale: scale).output
    }
}
