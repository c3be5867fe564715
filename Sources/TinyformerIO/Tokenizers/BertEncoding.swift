// One encoded BERT input: ids, attention mask, token types and the tokens themselves.

/// A BERT model input as Hugging Face's tokenizers return it: `[CLS] A [SEP]` or
/// `[CLS] A [SEP] B [SEP]`, possibly truncated and right-padded. All four arrays have `count`
/// elements.
public struct BertEncoding: Sendable, Equatable {
    /// Token ids (`input_ids`), padding positions hold the [PAD] id.
    public var inputIDs: [Int]
    /// 1 for real tokens, 0 for padding (`attention_mask`).
    public var attentionMask: [Int]
    /// 0 for `[CLS] A [SEP]` and padding, 1 for `B [SEP]` (`token_type_ids`).
    public var tokenTypeIDs: [Int]
    /// The vocabulary token of each id (so "[PAD]" for padding, "[UNK]" for unknown words).
    public var tokens: [String]

    /// The sequence length, padding included.
    public var count: Int { inputIDs.count }

    public init(inputIDs: [Int], attentionMask: [Int], tokenTypeIDs: [Int], tokens: [String]) {
        self.inputIDs = inputIDs
        self.attentionMask = attentionMask
        self.tokenTypeIDs = tokenTypeIDs
        self.tokens = tokens
    }
}
