// A batch of masked chunks with their labels.
import TinyformerIO
import TinyformerRandom

// Shape letters: B batch rows, T positions.

/// Chunks as `[CLS] chunk [SEP]`, padded to the longest, masked by `MaskedLanguageModeling`.
public struct MaskedBatch: Sendable {
    /// (B, T) masked inputs.
    public let inputs: BertInputs
    /// B·T labels: the original id at chosen positions, −100 elsewhere.
    public let labels: [Int]

    /// Scored positions.
    public var scored: Int { labels.reduce(0) { $0 + ($1 == -100 ? 0 : 1) } }

    public init(chunks: [[Int]], tokenizer: WordPieceTokenizer, masking: MaskedLanguageModeling,
                using generator: inout SeededGenerator) throws(BertError) {
        let encodings = chunks.map { chunk in
            BertEncoding(inputIDs: [tokenizer.classifierID] + chunk + [tokenizer.separatorID],
                         attentionMask: [Int](repeating: 1, count: chunk.count + 2),
                         tokenTypeIDs: [Int](repeating: 0, count: chunk.count + 2), tokens: [])
        }
        let plain = try BertInputs(padding: encodings, paddingID: tokenizer.paddingID)
        guard let maskID = tokenizer.maskID else {
            throw .invalidArgument("the tokenizer of \(tokenizer.vocabulary.source) has no [MASK] token")
        }
        let special: Set<Int> = [tokenizer.classifierID, tokenizer.separatorID, tokenizer.paddingID]
        (inputs, labels) = try masking.apply(to: plain, maskID: maskID, vocabularySize: tokenizer.vocabulary.count,
                                             special: special, using: &generator)
    }

    /// `chunks` in batches of `batchSize`, in order, masked from one generator seeded `seed`.
    public static func batches(_ chunks: [[Int]], batchSize: Int, tokenizer: WordPieceTokenizer,
                               masking: MaskedLanguageModeling, seed: UInt64) throws(BertError) -> [MaskedBatch] {
        var generator = SeededGenerator(seed: seed)
        var batches: [MaskedBatch] = []
        for start in stride(from: 0, to: chunks.count, by: max(batchSize, 1)) {
            batches.append(try MaskedBatch(chunks: Array(chunks[start..<min(start + batchSize, chunks.count)]), tokenizer: tokenizer,
                                           masking: masking, using: &generator))
        }
        return batches
    }
}
