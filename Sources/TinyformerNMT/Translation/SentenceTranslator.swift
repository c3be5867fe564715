import TinyformerTensor

/// Translates sentences word by word with a trained model, as the course does: the sentence is
/// split on white space (and lowercased when the model's vocabulary is case-blind); each word is
/// translated greedily.
public struct SentenceTranslator {
    public let model: Transformer

    /// The longest output per word (tokens, its EOS included).
    public let maxOutputLength: Int

    public init(model: Transformer, maxOutputLength: Int = Transformer.defaultMaxOutputLength) {
        self.model = model
        self.maxOutputLength = maxOutputLength
    }

    /// The translated sentence and each word's translation (with attention maps); a word whose
    /// translation hit `maxOutputLength` has `endedWithEndOfSequence` false.
    /// - Throws: `VocabularyError.unknownCharacters` naming the characters outside the vocabulary.
    public func translate(_ sentence: String) throws -> (text: String, words: [Translation]) {
        let words = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return ("", []) }
        for word in words { _ = try model.vocabulary.encode(word) }  // a clear error before any work
        let translations = try model.translate(words, maxOutputLength: maxOutputLength, attention: true)
        return (translations.map(\.output).joined(separator: " "), translations)
    }
}
