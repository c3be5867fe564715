// A padded batch of labelled texts.
import TinyformerIO

// Shape letters: B batch rows, T positions.

/// A batch of labelled texts padded to its longest row.
public struct LabelledBatch: Sendable {
    public let texts: [String]
    /// (B) class ids.
    public let labels: [Int]
    /// (B, T) model inputs.
    public let inputs: BertInputs

    /// Pads the examples' encodings with `paddingID` to the longest (attention mask 0).
    /// - Throws: `BertError.invalidInput` for no examples.
    public init(_ examples: [LabelledText], paddingID: Int) throws(BertError) {
        texts = examples.map(\.text)
        labels = examples.map(\.label)
        inputs = try BertInputs(padding: examples.map(\.encoding), paddingID: paddingID)
    }

    /// Rows B.
    public var count: Int { labels.count }
}

extension BertInputs {
    /// A batch from unpadded encodings, right-padded to the longest with `paddingID` (mask 0,
    /// token type 0), as Hugging Face's `padding="longest"`.
    /// - Throws: `BertError.invalidInput` for no encodings or an empty one.
    public init(padding encodings: [BertEncoding], paddingID: Int) throws(BertError) {
        let length = encodings.map(\.count).max() ?? 0
        let padded = encodings.map { e in
            let extra = length - e.count
            return BertEncoding(inputIDs: e.inputIDs + [Int](repeating: paddingID, count: extra),
                                attentionMask: e.attentionMask + [Int](repeating: 0, count: extra),
                                tokenTypeIDs: e.tokenTypeIDs + [Int](repeating: 0, count: extra), tokens: [])
        }
        try self.init(encodings: padded)
    }
}
