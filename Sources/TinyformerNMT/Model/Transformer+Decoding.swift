import TinyformerTensor

extension Transformer {
    /// The course's generation limit: at most 20 generated tokens per word.
    public static let defaultMaxOutputLength = 20

    /// Greedy translation of one word (lowercased first when the vocabulary says so), with every
    /// layer's attention maps. Encoder–decoder: encodes word + EOS, decodes from SOS;
    /// decoder-only: continues SOS + word + EOP. Either stops at EOS or after
    /// `maxOutputLength` tokens. Runs without recording gradients and without dropout.
    /// - Throws: `VocabularyError` for characters outside the vocabulary; `TransformerError` for
    ///   an empty word, a word too long for `maxLength`, or a non-positive limit.
    public func translate(_ word: String, maxOutputLength: Int = Transformer.defaultMaxOutputLength) throws -> Translation {
        try translate([word], maxOutputLength: maxOutputLength, attention: true)[0]
    }

    /// Greedy translations of `words` in their order, decoded in batches of equal length.
    /// - Parameter attention: also return every layer's attention maps (costs a copy per word).
    public func translate(_ words: [String], maxOutputLength: Int = Transformer.defaultMaxOutputLength,
                          attention: Bool = false) throws -> [Translation] {
        let shown = words.map { vocabulary.lowercasesInput ? $0.lowercased() : $0 }
        let sources = try shown.map { word in
            guard !word.isEmpty else { throw TransformerError.emptyInput("translate: empty word") }
            return try vocabulary.encode(word)
        }
        let rows = try decode(sources, maxOutputLength: maxOutputLength, collectAttention: attention)
        return zip(shown, rows).map { word, row in
            Translation(source: word, output: vocabulary.decode(row.tokens), outputTokens: row.tokens,
                        endedWithEndOfSequence: row.ended, encoderAttention: row.encoderAttention,
                        decoderSelfAttention: row.decoderSelfAttention, crossAttention: row.crossAttention)
        }
    }

    /// Greedy decoding of character-id sources (ids of `vocabulary`'s characters, no special
    /// tokens): the generated ids of each source, including the final EOS when one was produced
    /// (`vocabulary.decode` turns them into text).
    public func greedyDecode(sources: [[Int]], maxOutputLength: Int = Transformer.defaultMaxOutputLength) throws -> [[Int]] {
        try decode(sources, maxOutputLength: maxOutputLength, collectAttention: false).map(\.tokens)
    }

    /// Throws `TransformerError.sequenceTooLong` unless a source of `sourceLength` characters,
    /// decoded up to `maxOutputLength` tokens, fits the position table (`config.maxLength`).
    public func checkFits(sourceLength: Int, maxOutputLength: Int, input: String) throws(TransformerError) {
        // Longest sequence the positional table must cover.
        let needed = config.architecture == .encoderDecoder
            ? max(sourceLength + 1, maxOutputLength) : sourceLength + 2 + maxOutputLength - 1
        guard needed <= config.maxLength else {
            throw .sequenceTooLong(input: "\(input) (length \(sourceLength), with up to \(maxOutputLength) generated tokens)",
                                   length: needed, maxLength: config.maxLength)
        }
    }

    /// Validates, groups the sources by length, decodes each group in one batch, and returns the
    /// rows in the input order.
    func decode(_ sources: [[Int]], maxOutputLength: Int, collectAttention: Bool) throws -> [GreedyDecoder.Row] {
        guard maxOutputLength > 0 else {
            throw TransformerError.invalidArgument("maxOutputLength must be positive, got \(maxOutputLength)")
        }
        let characters = vocabulary.characters.count
        var groups: [Int: [Int]] = [:]  // source length → indices
        for (n, source) in sources.enumerated() {
            guard !source.isEmpty else { throw TransformerError.emptyInput("decode: source \(n) is empty") }
            for (i, id) in source.enumerated() where id < 0 || id >= characters {
                throw TransformerError.tokenOutOfRange(input: "sources[\(n)]", index: i, token: id, validUpperBound: characters)
            }
            try checkFits(sourceLength: source.count, maxOutputLength: maxOutputLength, input: "sources[\(n)]")
            groups[source.count, default: []].append(n)
        }
        let decoder = GreedyDecoder(model: self, maxOutputLength: maxOutputLength, collectAttention: collectAttention)
        var rows = [GreedyDecoder.Row?](repeating: nil, count: sources.count)
        let modes = namedModules.map { ($0.module, $0.module.isTraining) }
        eval()
        defer { for (module, training) in modes { module.isTraining = training } }
        try withNoGrad {
            for length in groups.keys.sorted() {
                let indices = groups[length] ?? []
                let decoded = try decoder.decode(indices.map { sources[$0] })
                for (i, row) in zip(indices, decoded) { rows[i] = row }
            }
        }
        return rows.compactMap { $0 }
    }
}
