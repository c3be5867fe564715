import TinyformerTensor

// Shape letters: B batch, H heads, Tq query positions, Tk key positions.

/// Attention masks as additive tensors, for the unfused attention path (the fused attention op
/// takes `causal` and `keyPadding` directly).
public enum AttentionMask {
    /// 0 where query i may attend to key j, −∞ where it may not: j > i when `causal`, and keys
    /// with `keyPadding[b·Tk + j]` true (PyTorch's `key_padding_mask` convention); plus `adding`
    /// ((Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk), as the attention op takes it). Shaped
    /// (B·H, Tq, Tk), broadcast masks repeated; nil when nothing is masked.
    /// - Throws: `TensorError.shapeMismatch` unless `keyPadding` has B·Tk entries and `adding`
    ///   one of the shapes above.
    public static func additive(batch: Int, heads: Int, queries: Int, keys: Int, causal: Bool,
                                keyPadding: [Bool]?, adding mask: Tensor? = nil) throws -> Tensor? {
        guard causal || keyPadding != nil || mask != nil else { return nil }
        if let keyPadding, keyPadding.count != batch * keys {
            throw TensorError.shapeMismatch(op: "AttentionMask", lhs: [keyPadding.count], rhs: [batch, keys],
                                            expected: "keyPadding with B·Tk entries")
        }
        let (maskBatch, maskHead) = try mask.map { try strides(of: $0, batch: batch, heads: heads, queries: queries, keys: keys) } ?? (0, 0)
        var values = [Float](repeating: 0, count: batch * heads * queries * keys)  // (B·H, Tq, Tk)
        for b in 0..<batch {
            for h in 0..<heads {
                let base = (b * heads + h) * queries * keys
                if let mask { for e in 0..<(queries * keys) { values[base + e] = mask.data[b * maskBatch + h * maskHead + e] } }
                for i in 0..<queries {
                    for j in 0..<keys where (causal && j > i) || (keyPadding?[b * keys + j] ?? false) {
                        values[base + i * keys + j] = -.infinity
                    }
                }
            }
        }
        return try Tensor(shape: [batch * heads, queries, keys], scalars: values)
    }

    /// The batch and head strides (in floats, 0 where it broadcasts) of an additive mask.
    private static func strides(of mask: Tensor, batch: Int, heads: Int, queries: Int, keys: Int) throws -> (Int, Int) {
        let plane = queries * keys
        switch mask.shape {
        case [queries, keys]: return (0, 0)
        case [batch, queries, keys]: return (plane, 0)
        case [batch, heads, queries, keys]: return (heads * plane, plane)
        default:
            throw TensorError.shapeMismatch(op: "AttentionMask", lhs: mask.shape, rhs: [batch, heads, queries, keys],
                                            expected: "a mask (Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk)")
        }
    }
}
