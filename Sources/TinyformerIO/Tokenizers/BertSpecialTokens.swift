// The names and ids of BERT's special tokens.

/// BERT's special tokens: their names (Hugging Face's `unk_token`, `cls_token`, `sep_token`,
/// `pad_token`, `mask_token`) and, once resolved against a vocabulary, their ids.
public struct BertSpecialTokens: Sendable, Equatable {
    /// Replaces a word WordPiece cannot split into vocabulary pieces.
    public var unknown: String
    /// Starts every encoding.
    public var classifier: String
    /// Ends each sequence.
    public var separator: String
    /// Fills padded positions.
    public var padding: String
    /// Masked-language-model placeholder (optional in the vocabulary).
    public var mask: String

    /// The standard BERT names.
    public init(unknown: String = "[UNK]", classifier: String = "[CLS]", separator: String = "[SEP]",
                padding: String = "[PAD]", mask: String = "[MASK]") {
        self.unknown = unknown
        self.classifier = classifier
        self.separator = separator
        self.padding = padding
        self.mask = mask
    }

    /// Every name with its Hugging Face role, in the order above.
    public var roles: [(role: String, token: String)] {
        [("unk_token", unknown), ("cls_token", classifier), ("sep_token", separator), ("pad_token", padding),
         ("mask_token", mask)]
    }
}
