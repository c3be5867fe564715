// How WordPieceTokenizer.encode pads its results.

extension WordPieceTokenizer {
    /// Right padding with [PAD] (attention mask 0, token type 0), as Hugging Face's `padding`.
    public enum Padding: Sendable, Equatable {
        /// No padding (`padding=False`).
        case none
        /// Pad every row of a batch to the longest row (`padding="longest"`); no-op for one text.
        case longest
        /// Pad to `length` (`padding="max_length"`). Rows already longer stay longer (as in
        /// Hugging Face) — with truncation on, `length` is also the truncation limit unless
        /// `maxLength` is given.
        case maxLength(Int)
    }
}
