import TinyformerTensor

// Shape letters: B batch, H heads, Tq query positions, Tk key positions.

/// Attention masks as additive tensors, for the unfused attention path (the fused attention op
/// takes `causal` and `keyPadding` directly).
public enum AttentionMask {
    /// 0 where query i may attend to key j, −∞ where it may not: j > i when `causal`, and keys
    /// with `keyPadding[b·Tk + j]` true (PyTorch's `key_padding_mask` convention). Shaped
    /// (B·H, Tq, Tk), rows repeated for every head; nil when nothing is masked.
    /// - Throws: `TensorError.shapeMismatch` unless `keyPadding` has B·Tk entries.
    public static func additive(batch: Int, heads: Int, queries: Int, keys: Int, causal: Bool,
                                keyPadding: [Bool]?) throws -> Tensor? {
        guard causal || keyPadding != nil else { return nil }
        if let keyPadding, keyPadding.count != batch * keys {
            throw TensorError.shapeMismatch(op: "AttentionMask", lhs: [keyPadding.count], rhs: [batch, keys],
                                            expected: "keyPadding with B·Tk entries")
        }
        var values = [Float](repeating: 0, count: batch * heads * queries * keys)  // (B·H, Tq, Tk)
        for b in 0..<batch {
            for h in 0..<heads {
                let base = (b * heads + h) * queries * keys
                for i in 0..<queries {
                    for j in 0..<keys where (causal && j > i) || (keyPadding?[b * keys + j] ?? false) {
                        values[base + i * keys + j] = -.infinity
                    }
                }
            }
        }
        return try Tensor(shape: [batch * heads, queries, keys], scalars: values)
    }
}
