// Helpers shared by the tokenizer tests: the committed MiniLM tokenizer, JSON-lines fixtures, and
// small hand-made vocabularies.
import Foundation
import TinyformerIO

/// Fixtures/tokenizers.
let tokenizerFixtures = packageRoot.appendingPathComponent("Fixtures/tokenizers")

/// The all-MiniLM-L6-v2 tokenizer from its committed files (vocab.txt, tokenizer_config.json,
/// special_tokens_map.json), loaded once.
let miniLMTokenizer: Result<WordPieceTokenizer, TokenizerError> = Result { () throws(TokenizerError) in
    try WordPieceTokenizer(modelDirectory: tokenizerFixtures.appendingPathComponent("minilm"))
}

/// A fixture of one JSON value per line.
func jsonLines<T: Decodable>(_ type: T.Type, _ name: String) throws -> [T] {
    let data = try Data(contentsOf: tokenizerFixtures.appendingPathComponent(name))
    let decoder = JSONDecoder()
    return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(T.self, from: Data($0)) }
}

/// A tokenizer over `tokens` (the five BERT special tokens are added in front), uncased unless told.
func smallTokenizer(_ tokens: [String], lowercase: Bool = true, stripAccents: Bool? = nil,
                    modelMaxLength: Int? = 512) throws -> WordPieceTokenizer {
    let vocabulary = try WordPieceVocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + tokens,
                                             source: "small-vocab.txt")
    return try WordPieceTokenizer(vocabulary: vocabulary, lowercase: lowercase, stripAccents: stripAccents,
                                  modelMaxLength: modelMaxLength)
}

/// The error `body` throws, or nil.
func tokenizerError<T>(_ body: () throws(TokenizerError) -> T) -> TokenizerError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// `text` with every non-printable-ASCII code point as \u{...}, for failure messages.
func visible(_ text: String) -> String {
    text.unicodeScalars.map { s in
        s.value >= 0x20 && s.value < 0x7F ? String(s) : "\\u{\(String(s.value, radix: 16, uppercase: true))}"
    }.joined()
}
