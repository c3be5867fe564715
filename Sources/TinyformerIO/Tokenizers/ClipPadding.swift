// Padding choices of `ClipTokenizer.encode` and `encodeBatch`.

/// How encoded sequences are padded (with the pad token's id, attention mask 0).
public enum ClipPadding: Equatable, Sendable {
    /// No padding: rows keep their own lengths.
    case none
    /// Pad every row of a batch to the longest row (a single text is not padded).
    case longest
    /// Pad to `maxLength` (CLIP's text encoder always reads 77 positions).
    case maxLength
}
