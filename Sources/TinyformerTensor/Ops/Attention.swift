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
    ///   A_h = softmax(scale · Q_h K_hᵀ + M_h), out_h = A_h V_h, for each head h,
    /// where M_h is the additive `mask` (0 without one), and −∞ at key j for query i when
    /// `causal && j > i`, or when `keyPadding[b·Tk + j]` is true (PyTorch's `key_padding_mask`
    /// convention: true = ignore). Matches `torch.nn.functional.scaled_dot_product_attention` per
    /// head with `is_causal` / a boolean or float `attn_mask`, except that a query row whose keys
    /// are all masked yields zeros, not NaN.
    /// - Parameters:
    ///   - query: (B, Tq, H·Dk); key: (B, Tk, H·Dk); value: (B, Tk, H·Dv)
    ///   - mask: an additive float mask added to the scaled scores (`attn_mask` as a float tensor):
    ///     (Tq, Tk), (B, Tq, Tk) broadcast over the heads, or (B, H, Tq, Tk). −∞ entries mask a
    ///     key. A constant: no gradient flows into it, so it must not require grad. Masked calls
    ///     use the row-wise kernels; without a mask the results are those of the mask-free
    ///     kernels, bit for bit.
    ///   - scale: defaults to 1/√Dk.
    ///   - residual: (B, Tq, H·Dv) or nil. When given, the output is residual + attention, the
    ///     residual connection of a transformer block fused into this op: the same numbers as
    ///     `residual + attention(...).output`, bit for bit, without a separate add and graph node.
    public static func attention(query: Tensor, key: Tensor, value: Tensor, heads: Int = 1,
                                 causal: Bool = false, keyPadding: [Bool]? = nil, mask: Tensor? = nil,
                                 scale: Float? = nil, residual: Tensor? = nil) throws -> AttentionResult {
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
        try checkPadding(keyPadding, batch: batch, keys: tk, op: op)
        return try attentionCore(query: Operand(query, stride: query.shape[2]), key: Operand(key, stride: key.shape[2]),
                                 value: Operand(value, stride: value.shape[2]), inputs: [query, key, value],
                                 batch: batch, tq: tq, tk: tk, heads: heads, dk: dk, dv: dv, causal: causal,
                                 keyPadding: keyPadding, mask: mask, scale: scale ?? 1 / Float(dk).squareRoot(),
                                 residual: residual)
    }

    /// `attention` over one packed projection qkv (B, T, 3·C) whose rows are [Q | K | V] (C = H·D
    /// channels each), as produced by a single Linear(C, 3C) — the fused form of three
    /// projections (PyTorch's `in_proj` in `nn.MultiheadAttention`). Self-attention: Tq = Tk = T.
    /// The gradient flows into qkv's column blocks. `mask` as in `attention(query:key:value:)`,
    /// (T, T), (B, T, T) or (B, H, T, T). Returns output (B, T, C) (plus `residual`, (B, T, C),
    /// when given) and weights (B, H, T, T).
    public static func attention(packedQueryKeyValue qkv: Tensor, heads: Int = 1, causal: Bool = false,
                                 keyPadding: [Bool]? = nil, mask: Tensor? = nil, scale: Float? = nil,
                                 residual: Tensor? = nil) throws -> AttentionResult {
        let op = "attention(packedQueryKeyValue:)"
        guard heads >= 1 else { throw TensorError.invalidArgument(op: op, message: "heads must be ≥ 1, got \(heads)") }
        guard qkv.rank == 3, qkv.shape[2] % (3 * heads) == 0 else {
            throw TensorError.invalidShape(op: op, shape: qkv.shape, expected: "(B, T, 3·C) with C divisible by heads = \(heads)")
        }
        let batch = qkv.shape[0], length = qkv.shape[1], width = qkv.shape[2] / 3, d = width / heads
        try checkPadding(keyPadding, batch: batch, keys: length, op: op)
        let stride = 3 * width
        return try attentionCore(query: Operand(qkv, stride: stride), key: Operand(qkv, offset: width, stride: stride),
                                 value: Operand(qkv, offset: 2 * width, stride: stride), inputs: [qkv],
                                 batch: batch, tq: length, tk: length, heads: heads, dk: d, dv: d, causal: causal,
                                 keyPadding: keyPadding, mask: mask, scale: scale ?? 1 / Float(d).squareRoot(),
                                 residual: residual)
    }

    /// `attention` of query (B, Tq, C) over one packed key/value projection kv (B, Tk, 2·C) whose
    /// rows are [K | V] — cross-attention with the key and value projections fused into one
    /// Linear(C, 2C). `mask` as in `attention(query:key:value:)`. Returns output (B, Tq, C) (plus
    /// `residual`, (B, Tq, C), when given) and weights (B, H, Tq, Tk).
    public static func attention(query: Tensor, packedKeyValue kv: Tensor, heads: Int = 1, causal: Bool = false,
                                 keyPadding: [Bool]? = nil, mask: Tensor? = nil, scale: Float? = nil,
                                 residual: Tensor? = nil) throws -> AttentionResult {
        let op = "attention(query:packedKeyValue:)"
        guard heads >= 1 else { throw TensorError.invalidArgument(op: op, message: "heads must be ≥ 1, got \(heads)") }
        guard query.rank == 3, query.shape[2] % heads == 0 else {
            throw TensorError.invalidShape(op: "\(op) query", shape: query.shape, expected: "(B, Tq, C) with C divisible by heads = \(heads)")
        }
        let batch = query.shape[0], width = query.shape[2]
        guard kv.rank == 3, kv.shape[0] == batch, kv.shape[2] == 2 * width else {
            throw TensorError.shapeMismatch(op: op, lhs: query.shape, rhs: kv.shape, expected: "query (B, Tq, C) and kv (B, Tk, 2·C)")
        }
        let tk = kv.shape[1], d = width / heads
        try checkPadding(keyPadding, batch: batch, keys: tk, op: op)
        return try attentionCore(query: Operand(query, stride: width), key: Operand(kv, stride: 2 * width),
                                 value: Operand(kv, offset: width, stride: 2 * width), inputs: [query, kv],
                                 batch: batch, tq: query.shape[1], tk: tk, heads: heads, dk: d, dv: d, causal: causal,
                                 keyPadding: keyPadding, mask: mask, scale: scale ?? 1 / Float(d).squareRoot(),
                                 residual: residual)
    }

    private static func checkPadding(_ keyPadding: [Bool]?, batch: Int, keys: Int, op: String) throws {
        if let keyPadding, keyPadding.count != batch * keys {
            throw TensorError.shapeMismatch(op: op, lhs: [keyPadding.count], rhs: [batch, keys], expected: "keyPadding with B·Tk entries")
        }
    }

    /// The batch and head strides of an additive mask in floats (0 where it broadcasts).
    /// - Throws: `TensorError.invalidArgument` when it requires grad, `TensorError.shapeMismatch`
    ///   for a shape other than (Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk).
    private static func maskStrides(_ mask: Tensor, batch: Int, heads: Int, tq: Int, tk: Int,
                                    op: String) throws -> (batch: Int, head: Int) {
        guard !mask.requiresGrad else {
            throw TensorError.invalidArgument(op: "\(op) mask", message: "the mask requires grad, but no gradient flows into an attention mask (it is a constant); pass mask.detached()")
        }
        switch mask.shape {
        case [tq, tk]: return (0, 0)
        case [batch, tq, tk]: return (tq * tk, 0)
        case [batch, heads, tq, tk]: return (heads * tq * tk, tq * tk)
        default:
            throw TensorError.shapeMismatch(op: "\(op) mask", lhs: mask.shape, rhs: [batch, heads, tq, tk],
                                            expected: "a mask (Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk) for scores (B, H, Tq, Tk)")
        }
    }

    /// A matrix operand of the attention kernels: rows of `stride` floats starting at column `offset`.
    private struct Operand {
        let tensor: Tensor
        let offset: Int
        let stride: Int

        init(_ tensor: Tensor, offset: Int = 0, stride: Int) {
            self.tensor = tensor
            self.offset = offset
            self.stride = stride
        }

        var data: UnsafeMutablePointer<Float> { tensor.data + offset }
    }

    /// Where the backward writes each operand's gradient, and whether it may overwrite (β = 0)
    /// instead of accumulating: yes when the tensor had no gradient yet and no two operands
    /// share one block of it (packed Q/K/V blocks are disjoint; `attention(query: x, key: x,
    /// value: x)` is not, and accumulates into a zeroed buffer).
    private static func gradientTargets(_ operands: [Operand]) -> [(pointer: UnsafeMutablePointer<Float>?, beta: Float)] {
        let overlapping = operands.indices.contains { i in
            operands.indices.contains { j in
                j > i && operands[i].tensor === operands[j].tensor && operands[i].offset == operands[j].offset
            }
        }
        var targets: [(pointer: UnsafeMutablePointer<Float>?, beta: Float)] = []
        for (n, operand) in operands.enumerated() {
            guard operand.tensor.requiresGrad else {
                targets.append((nil, 1))
                continue
            }
            // A later block of a tensor already seen (packed Q/K/V) shares its buffer.
            if let earlier = operands[..<n].firstIndex(where: { $0.tensor === operand.tensor }),
               let base = targets[earlier].pointer.map({ $0 - operands[earlier].offset }) {
                targets.append((base + operand.offset, targets[earlier].beta))
                continue
            }
            let (base, overwrite) = overlapping ? (operand.tensor.gradientBuffer(), false) : operand.tensor.gradientDestination()
            targets.append((base + operand.offset, overwrite ? 0 : 1))
        }
        return targets
    }

    /// Forward (and recorded backward) shared by every attention entry point; shapes validated.
    private static func attentionCore(query: Operand, key: Operand, value: Operand, inputs: [Tensor],
                                      batch: Int, tq: Int, tk: Int, heads: Int, dk: Int, dv: Int, causal: Bool,
                                      keyPadding: [Bool]?, mask: Tensor?, scale s: Float,
                                      residual: Tensor?) throws -> AttentionResult {
        let op = "attention"
        if let residual, residual.shape != [batch, tq, heads * dv] {
            throw TensorError.shapeMismatch(op: "\(op) residual", lhs: residual.shape, rhs: [batch, tq, heads * dv],
                                            expected: "residual shaped like the output (B, Tq, H·Dv)")
        }
        let (maskBatch, maskHead) = try mask.map { try maskStrides($0, batch: batch, heads: heads, tq: tq, tk: tk, op: op) } ?? (0, 0)
        let maskData = mask?.data  // (B | 1, H | 1, Tq, Tk)
        let padding: [UInt8]? = keyPadding.map { $0.map { $0 ? 1 : 0 } }
        let probs = try Tensor(outputShape: [batch, heads, tq, tk], op: op)  // (B, H, Tq, Tk)
        let out = try Tensor(outputShape: [batch, tq, heads * dv], op: op)  // (B, Tq, H·Dv)
        let flops = 2 * Double(batch * heads * tq * tk * (dk + dv))
        let ldq = query.stride, ldk = key.stride, ldv = value.stride
        // Scratch per part of the forward's and the backward's split, allocated here because it can
        // exceed every tensor of the op (query lanes pad the queries to a multiple of 8), so a
        // failure throws; the backward reuses it.
        let scratchCount = tf_attention_scratch_floats(Int32(tq), Int32(tk), Int32(dk), Int32(dv))
        let forwardParts = Parallel.chunkCount(count: batch, flops: flops)
        let backwardParts = Parallel.chunkCount(count: batch, flops: 2 * flops)
        let scratchParts = Swift.max(forwardParts, backwardParts, 1)
        let scratch = try TensorStorage.userAllocation(scratchParts * scratchCount, zeroed: false, op: op,
                                                       shape: [scratchParts, scratchCount])  // (parts, scratch)
        let run = { (pad: UnsafePointer<UInt8>?) in
            Parallel.chunks(count: batch, parts: forwardParts) { items, part in
                let b = items.lowerBound
                tf_attention_forward(Int32(items.count), Int32(heads), Int32(tq), Int32(tk), Int32(dk), Int32(dv), s,
                                     causal ? 1 : 0, pad.map { $0 + b * tk },
                                     maskData.map { $0 + b * maskBatch }, maskBatch, maskHead,
                                     query.data + b * tq * ldq, Int32(ldq), key.data + b * tk * ldk, Int32(ldk),
                                     value.data + b * tk * ldv, Int32(ldv), probs.data + b * heads * tq * tk,
                                     out.data + b * tq * heads * dv, scratch.base + part * scratchCount)
                if let residual {  // out += residual, the block's residual connection, while in cache
                    let rows = b * tq * heads * dv
                    tf_axpy(items.count * tq * heads * dv, 1, residual.data + rows, out.data + rows)
                }
            }
        }
        if let padding { padding.withUnsafeBufferPointer { run($0.baseAddress) } } else { run(nil) }

        out.record(residual.map { inputs + [$0] } ?? inputs) { out in
            guard let dout = out.gradStorage?.base else { return }
            // The residual's share first, as the separate add's backward would have run first.
            residual?.receiveGradient(dout)
            let targets = gradientTargets([query, key, value])
            let (dq, dkey, dvalue) = (targets[0].pointer, targets[1].pointer, targets[2].pointer)
            let (betaQ, betaK, betaV) = (targets[0].beta, targets[1].beta, targets[2].beta)
            Parallel.chunks(count: batch, parts: backwardParts) { items, part in
                let b = items.lowerBound
                let qOffset = b * tq * ldq, kOffset = b * tk * ldk, vOffset = b * tk * ldv
                tf_attention_backward(Int32(items.count), Int32(heads), Int32(tq), Int32(tk), Int32(dk), Int32(dv), s,
                                      query.data + qOffset, Int32(ldq), key.data + kOffset, Int32(ldk),
                                      value.data + vOffset, Int32(ldv), probs.data + b * heads * tq * tk,
                                      dout + b * tq * heads * dv,
                                      dq.map { $0 + qOffset }, dkey.map { $0 + kOffset }, dvalue.map { $0 + vOffset },
                                      betaQ, betaK, betaV, scratch.base + part * scratchCount)
            }
        }
        return AttentionResult(output: out, weights: probs.detached())
    }

    /// `attention(...).output`: (B, Tq, H·Dv).
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, heads: Int = 1,
                                                 causal: Bool = false, keyPadding: [Bool]? = nil, mask: Tensor? = nil,
                                                 scale: Float? = nil) throws -> Tensor {
        try attention(query: query, key: key, value: value, heads: heads, causal: causal,
                      keyPadding: keyPadding, mask: mask, scale: scale).output
    }
}
