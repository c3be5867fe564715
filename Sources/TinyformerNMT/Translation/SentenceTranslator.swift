import TinyformerTensor

/// Translates sentences word by word with a trained model, as the course does: the sentence is
/// split on white space (and lowercased when the model's vocabulary is case-blind); each word is
/// translated greedily.
public struct SentenceTranslator {
    public let model: Transformer

    /// The longest output per word (tokens, its EOS included).
    public let maxOutputLength: Int

    /// A word left untranslated by `translate(_:skippingInvalidWords:)` and why.
    public struct SkippedWord: Sendable, Equatable {
        public let word: String
        public let reason: String
    }

    public init(model: Transformer, maxOutputLength: Int = Transformer.defaultMaxOutputLength) {
        self.model = model
        self.maxOutputLength = maxOutputLength
    }

    /// The translated sentence and each word's translation (with attention maps); a word whose
    /// translation hit `maxOutputLength` has `endedWithEndOfSequence` false.
    /// - Throws: `VocabularyError.unknownCharacters` naming the characters outside the vocabulary,
    ///   `TransformerError.sequenceTooLong` for a word too long for the model.
    public func translate(_ sentence: String) throws -> (text: String, words: [Translation]) {
        let words = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return ("", []) }
        for word in words { try check(word) }  // a clear error before any work
        let translations = try model.translate(words, maxOutputLength: maxOutputLength, attention: true)
        return (translations.map(\.output).joined(separator: " "), translations)
    }

    /// As `translate(_:)`, but a word that cannot be translated (characters outside the
    /// vocabulary, too long for the model) is left out of the text and listed with its reason.
    public func translate(_ sentence: String, skippingInvalidWords: Bool) throws
        -> (text: String, words: [Translation], skipped: [SkippedWord]) {
        guard skippingInvalidWords else {
            let (text, words) = try translate(sentence)
            return (text, words, [])
        }
        var kept: [String] = [], skipped: [SkippedWord] = []
        for word in sentence.split(whereSeparator: \.isWhitespace).map(String.init) {
            do {
                try check(word)
                kept.append(word)
            } catch {
                skipped.append(SkippedWord(word: word, reason: "\(error)"))
            }
        }
        let (text, words) = try translate(kept.joined(separator: " "))
        return (text, words, skipped)
    }

    /// Throws unless `word` can be translated: every character in the vocabulary, and short
    /// enough for the model's position table with `maxOutputLength` generated tokens.
    public func check(_ word: String) throws {
        let shown = model.vocabulary.lowercasesInput ? word.lowercased() : word
        let ids = try model.vocabulary.encode(shown)
        try model.checkFits(sourceLength: ids.count, maxOutputLength: maxOutputLength, input: "'\(shown)'")
    }
}
