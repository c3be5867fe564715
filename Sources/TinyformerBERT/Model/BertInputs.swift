// A batch of tokenized texts as BERT takes it: ids, token types and the attention mask.
import TinyformerIO
import TinyformerTensor

// Shape letters: B batch rows, T positions (the longest row; shorter rows are padded).

/// Model inputs for a batch (Hugging Face's `input_ids`, `token_type_ids`, `attention_mask`):
/// rectangular (B, T) ids, token types and a mask that is true for real tokens and false for
/// padding. Padded positions are ignored as keys by every attention.
public struct BertInputs: Sendable, Equatable {
    /// (B, T) token ids.
    public let inputIDs: IntTensor
    /// (B, T) segment ids (0 for a single text).
    public let tokenTypeIDs: IntTensor
    /// B·T flags, row-major: true = a real token, false = padding.
    public let attentionMask: [Bool]

    /// Rows B.
    public var batch: Int { inputIDs.shape[0] }
    /// Positions T.
    public var length: Int { inputIDs.shape[1] }

    /// - Parameters:
    ///   - inputIDs: (B, T) ids, B ≥ 1, T ≥ 1.
    ///   - tokenTypeIDs: (B, T); nil: all 0.
    ///   - attentionMask: (B, T) of 0/1; nil: every position is a real token.
    /// - Throws: `BertError.invalidInput` for another rank, an empty batch, shapes that differ,
    ///   or a mask value other than 0 and 1 (naming its row and position).
    public init(inputIDs: IntTensor, tokenTypeIDs: IntTensor? = nil, attentionMask: IntTensor? = nil) throws(BertError) {
        guard inputIDs.rank == 2, inputIDs.shape[0] >= 1, inputIDs.shape[1] >= 1 else {
            throw .invalidInput("input_ids must be (B, T) with B, T ≥ 1, got shape \(inputIDs.shape)")
        }
        for (name, tensor) in [("token_type_ids", tokenTypeIDs), ("attention_mask", attentionMask)] {
            if let tensor, tensor.shape != inputIDs.shape {
                throw .invalidInput("\(name) has shape \(tensor.shape) but input_ids has \(inputIDs.shape)")
            }
        }
        var mask = [Bool](repeating: true, count: inputIDs.count)
        if let attentionMask {
            for (i, value) in attentionMask.values.enumerated() {
                guard value == 0 || value == 1 else {
                    throw .invalidInput("attention_mask[\(i / inputIDs.shape[1])][\(i % inputIDs.shape[1])] is \(value) (expected 0 or 1)")
                }
                mask[i] = value == 1
            }
        }
        self.inputIDs = inputIDs
        if let tokenTypeIDs {
            self.tokenTypeIDs = tokenTypeIDs
        } else {
            self.tokenTypeIDs = try Self.intTensor(inputIDs.shape, [Int](repeating: 0, count: inputIDs.count))
        }
        self.attentionMask = mask
    }

    /// A batch from tokenizer output (`WordPieceTokenizer.encode(_:padding: .longest)`).
    /// - Throws: `BertError.invalidInput` for no rows or rows of different lengths.
    public init(encodings: [BertEncoding]) throws(BertError) {
        guard let first = encodings.first, first.count > 0 else {
            throw .invalidInput("no texts to encode (or an empty encoding)")
        }
        let t = first.count
        if let r = encodings.firstIndex(where: { $0.count != t || $0.tokenTypeIDs.count != t || $0.attentionMask.count != t }) {
            throw .invalidInput("encoding \(r) has \(encodings[r].count) positions but encoding 0 has \(t): pad the batch (padding: .longest)")
        }
        let shape = [encodings.count, t]
        try self.init(inputIDs: Self.intTensor(shape, encodings.flatMap(\.inputIDs)),
                      tokenTypeIDs: Self.intTensor(shape, encodings.flatMap(\.tokenTypeIDs)),
                      attentionMask: Self.intTensor(shape, encodings.flatMap(\.attentionMask)))
    }

    /// The key-padding flags of the attention op (true = padded), nil when nothing is padded.
    public var keyPadding: [Bool]? {
        attentionMask.contains(false) ? attentionMask.map { !$0 } : nil
    }

    /// Real tokens per row.
    public var rowLengths: [Int] {
        (0..<batch).map { b in attentionMask[(b * length)..<((b + 1) * length)].reduce(0) { $0 + ($1 ? 1 : 0) } }
    }

    /// Rows `rows` as a batch of their own, cut to the last position any of them uses (padding
    /// per slice: a data-parallel part pays only for its own longest row).
    /// - Throws: `BertError.invalidInput` for an empty range or one outside 0..<B.
    public func rows(_ rows: Range<Int>) throws(BertError) -> BertInputs {
        guard !rows.isEmpty, rows.lowerBound >= 0, rows.upperBound <= batch else {
            throw .invalidInput("rows \(rows) of a batch of \(batch)")
        }
        let t = length
        var used = 1
        for b in rows {
            for p in stride(from: t - 1, through: 0, by: -1) where attentionMask[b * t + p] {
                used = max(used, p + 1)
                break
            }
        }
        func cut<T>(_ values: [T]) -> [T] { rows.flatMap { b in values[(b * t)..<(b * t + used)] } }
        let shape = [rows.count, used]
        return BertInputs(inputIDs: try Self.intTensor(shape, cut(inputIDs.values)),
                          tokenTypeIDs: try Self.intTensor(shape, cut(tokenTypeIDs.values)), mask: cut(attentionMask))
    }

    private init(inputIDs: IntTensor, tokenTypeIDs: IntTensor, mask: [Bool]) {
        self.inputIDs = inputIDs
        self.tokenTypeIDs = tokenTypeIDs
        attentionMask = mask
    }

    private static func intTensor(_ shape: [Int], _ values: [Int]) throws(BertError) -> IntTensor {
        do { return try IntTensor(shape: shape, values: values) } catch { throw .invalidInput("\(error)") }
    }
}
