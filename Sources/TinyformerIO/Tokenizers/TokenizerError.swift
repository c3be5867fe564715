// Errors thrown while loading a WordPiece vocabulary or tokenizer configuration, or encoding.

/// Everything that can go wrong with a WordPiece tokenizer. Loading errors name the file (`source`:
/// a path, or the name given to an in-memory vocabulary) and, where there is one, the 1-based line;
/// every message says what was expected.
public enum TokenizerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file could not be read (missing, unreadable, a directory, ...).
    case unreadableFile(source: String, reason: String)
    /// The vocabulary holds no token at all (an empty file).
    case emptyVocabulary(source: String)
    /// A vocabulary line is not valid UTF-8.
    case invalidUTF8(source: String, line: Int)
    /// A vocabulary line is empty (only the file's final newline may end with an empty line).
    case emptyToken(source: String, line: Int)
    /// A token appears twice (compared code point by code point, not up to canonical equivalence).
    case duplicateToken(source: String, line: Int, token: String, firstLine: Int)
    /// A special token the tokenizer needs (`role` is `unk_token`, `cls_token`, `sep_token` or
    /// `pad_token`) is not in the vocabulary.
    case missingSpecialToken(source: String, role: String, token: String)
    /// `tokenizer_config.json` or `special_tokens_map.json` is not a JSON object, or `key` has the
    /// wrong type (`key` is nil when the whole file is at fault).
    case invalidConfiguration(source: String, key: String?, expected: String)
    /// `maxLength` (or a padding length) is negative.
    case invalidLength(name: String, value: Int)
    /// Truncation to `maxLength` leaves no room for the `required` special tokens
    /// ([CLS] and [SEP], plus a second [SEP] for a pair).
    case maxLengthTooSmall(maxLength: Int, required: Int)
    /// The batch form got a different number of pairs than texts.
    case pairCountMismatch(texts: Int, pairs: Int)

    /// A one-line message naming the file, line or argument and what was expected.
    public var description: String {
        switch self {
        case let .unreadableFile(source, reason):
            return "tokenizer \(source): cannot read the file (\(reason))"
        case let .emptyVocabulary(source):
            return "tokenizer \(source): the vocabulary is empty (expected one token per line)"
        case let .invalidUTF8(source, line):
            return "tokenizer \(source):\(line): the line is not valid UTF-8 (expected one UTF-8 token per line)"
        case let .emptyToken(source, line):
            return "tokenizer \(source):\(line): empty line (expected one non-empty token per line)"
        case let .duplicateToken(source, line, token, firstLine):
            return "tokenizer \(source):\(line): token \"\(token)\" already appears on line \(firstLine) "
                + "(expected every token once)"
        case let .missingSpecialToken(source, role, token):
            return "tokenizer \(source): the vocabulary has no \(role) \"\(token)\" "
                + "(expected [UNK], [CLS], [SEP] and [PAD] or the names the configuration gives)"
        case let .invalidConfiguration(source, key, expected):
            let what = key.map { "\"\($0)\"" } ?? "the file"
            return "tokenizer \(source): \(what) is invalid (expected \(expected))"
        case let .invalidLength(name, value):
            return "tokenizer: \(name) is \(value) (expected a length >= 0)"
        case let .maxLengthTooSmall(maxLength, required):
            return "tokenizer: maxLength \(maxLength) cannot hold the \(required) special tokens "
                + "(expected maxLength >= \(required), or truncation: false)"
        case let .pairCountMismatch(texts, pairs):
            return "tokenizer: \(texts) texts but \(pairs) pairs (expected one pair per text)"
        }
    }
}
