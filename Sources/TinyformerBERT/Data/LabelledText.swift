// A text with its class, tokenized once.
import TinyformerIO

/// One classification example, tokenized (`[CLS] text [SEP]`, no padding).
public struct LabelledText: Sendable, Equatable {
    public let text: String
    /// Class id.
    public let label: Int
    public let encoding: BertEncoding

    public init(text: String, label: Int, encoding: BertEncoding) {
        self.text = text
        self.label = label
        self.encoding = encoding
    }

    /// Tokenizes every example with `tokenizer` (truncated to its `model_max_length`).
    /// - Throws: `TokenizerError`.
    public static func encode(_ examples: [(text: String, label: Int)], with tokenizer: WordPieceTokenizer) throws -> [LabelledText] {
        try examples.map { LabelledText(text: $0.text, label: $0.label, encoding: try tokenizer.encode($0.text)) }
    }
}
