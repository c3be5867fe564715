// Shape letters: H heads, Q query positions (rows), K key positions (columns).

/// The attention weights of one layer for one translated word, ready to plot as a heat map:
/// `weights` (H, Q, K) row-major, each row a softmax over the keys (zero above the diagonal for
/// causal self-attention). Row q is the query at input token `queryTokens[q]`; column k the key
/// at `keyTokens[k]` (token ids; `Vocabulary` names them).
public struct AttentionMap: Sendable, Equatable {
    /// Which attention of the model.
    public enum Kind: String, Sendable, Equatable {
        case encoderSelfAttention
        case decoderSelfAttention
        case crossAttention
    }

    public let kind: Kind
    /// Layer index, 0-based.
    public let layer: Int
    public let heads: Int
    public let queryTokens: [Int]
    public let keyTokens: [Int]
    /// (H, Q, K) row-major.
    public let weights: [Float]

    public init(kind: Kind, layer: Int, heads: Int, queryTokens: [Int], keyTokens: [Int], weights: [Float]) {
        self.kind = kind
        self.layer = layer
        self.heads = heads
        self.queryTokens = queryTokens
        self.keyTokens = keyTokens
        self.weights = weights
    }

    public var queries: Int { queryTokens.count }
    public var keys: Int { keyTokens.count }

    /// The weight of `key` for `query` in `head` (no bounds check beyond the array's).
    public func weight(head: Int = 0, query: Int, key: Int) -> Float {
        weights[(head * queries + query) * keys + key]
    }

    /// One head's rows: [query][key].
    public func rows(head: Int = 0) -> [[Float]] {
        (0..<queries).map { q in Array(weights[((head * queries + q) * keys)..<((head * queries + q + 1) * keys)]) }
    }
}
