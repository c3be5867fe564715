import TinyformerTensor

// Shape letters: B batch, T positions cached so far, S new positions, C model width.

/// The keys and values an attention reads: a cross-attention's, computed once per source, or a
/// decoding cache's.
public enum KeysValues {
    /// Separate tensors (the self-attention cache of greedy decoding).
    case separate(keys: Tensor, values: Tensor)  // (B, T, C) each
    /// One fused projection whose rows are [K | V] (cross-attention).
    case packed(Tensor)  // (B, T, 2C)

    public init(keys: Tensor, values: Tensor) { self = .separate(keys: keys, values: values) }

    /// Attention of projected queries (B, Tq, C) over these keys and values (plus `residual`,
    /// (B, Tq, C), when given).
    func attention(query: Tensor, heads: Int, causal: Bool, keyPadding: [Bool]?, mask: Tensor?,
                   residual: Tensor?) throws -> AttentionResult {
        switch self {
        case let .separate(keys, values):
            try Tensor.attention(query: query, key: keys, value: values, heads: heads, causal: causal, keyPadding: keyPadding,
                                 mask: mask, residual: residual)
        case let .packed(kv):
            try Tensor.attention(query: query, packedKeyValue: kv, heads: heads, causal: causal, keyPadding: keyPadding,
                                 mask: mask, residual: residual)
        }
    }

    /// The keys and values as two (B, T, C) tensors (a copy of each half when packed).
    func separated() throws -> (keys: Tensor, values: Tensor) {
        switch self {
        case let .separate(keys, values):
            return (keys, values)
        case let .packed(kv):
            let c = kv.shape[2] / 2
            return (try kv.slice(axis: 2, range: 0..<c), try kv.slice(axis: 2, range: c..<(2 * c)))  // (B, T, C) each
        }
    }
}

/// Self-attention keys and values of the positions decoded so far (one cache per layer), so
/// greedy decoding feeds one new token per step instead of recomputing the whole prefix. Valid
/// only in inference: the cached tensors are not part of any graph.
public final class KeyValueCache {
    public private(set) var keys: Tensor?  // (B, T, C)
    public private(set) var values: Tensor?  // (B, T, C)

    public init() {}

    /// Number of cached positions T.
    public var count: Int { keys?.shape[1] ?? 0 }

    /// Appends the new positions' keys and values (B, S, C) and returns everything cached,
    /// (B, T + S, C), and whether the attention over it must be causal: the first call (the
    /// prompt) attends causally within itself; later calls must add one position at a time,
    /// which sees every cached position.
    /// - Throws: `ModuleError.invalidConfiguration` when a later call brings more than one position.
    public func append(keys newKeys: Tensor, values newValues: Tensor, causal: Bool) throws -> (KeysValues, causal: Bool) {
        guard let keys, let values else {
            self.keys = newKeys
            self.values = newValues
            return (KeysValues(keys: newKeys, values: newValues), causal)
        }
        guard newKeys.shape[1] == 1 else {
            throw ModuleError.invalidConfiguration("KeyValueCache: after the prompt, decode one position at a time (got \(newKeys.shape[1]))")
        }
        let allKeys = try Tensor.concat([keys, newKeys], axis: 1)  // (B, T + 1, C)
        let allValues = try Tensor.concat([values, newValues], axis: 1)  // (B, T + 1, C)
        self.keys = allKeys
        self.values = allValues
        return (KeysValues(keys: allKeys, values: allValues), false)
    }
}
