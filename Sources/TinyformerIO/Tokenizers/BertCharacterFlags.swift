// The per-code-point facts BertCharacterTable stores for the BERT normalizer and pre-tokenizer.

/// What the BERT normalizer and pre-tokenizer need to know about one code point.
struct BertCharacterFlags: OptionSet, Sendable {
    let rawValue: UInt16

    /// Removed by clean_text.
    static let dropped = Self(rawValue: 1 << 0)
    /// Replaced by a space by clean_text.
    static let cleanSpace = Self(rawValue: 1 << 1)
    /// A word boundary (and removed) for the pre-tokenizer.
    static let whitespace = Self(rawValue: 1 << 2)
    /// A CJK ideograph, spaced by handle_chinese_chars.
    static let chinese = Self(rawValue: 1 << 3)
    /// Punctuation, a word of its own for the pre-tokenizer.
    static let punctuation = Self(rawValue: 1 << 4)
    /// A nonspacing mark, removed by strip_accents.
    static let nonspacingMark = Self(rawValue: 1 << 5)
    /// Has a canonical decomposition (in the map, or a Hangul syllable).
    static let decomposes = Self(rawValue: 1 << 6)
    /// Has a nonzero canonical combining class.
    static let combining = Self(rawValue: 1 << 7)
    /// Lowercasing changes it.
    static let lowercases = Self(rawValue: 1 << 8)
}
