// Errors of loading the CLIP tokenizer's files and of encoding.

/// Everything that can go wrong building or using a `ClipTokenizer`. File errors name the file
/// (and the line where there is one) and what was expected.
public enum ClipTokenizerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No file at `path` (or `init(directory:)` found no `vocab.json` / `merges.txt`).
    case missingFile(path: String)
    /// The file exists but cannot be read (a folder, no permission, not UTF-8, an I/O error).
    case unreadableFile(path: String, reason: String)
    /// `vocab.json` is not a JSON object of strings; `line` and `column` (1-based, bytes) locate the problem.
    case malformedVocabulary(path: String, line: Int, column: Int, problem: String)
    /// A `vocab.json` entry's value is not what is expected (a non-negative integer id).
    case invalidVocabularyEntry(path: String, line: Int, token: String, expected: String)
    /// A line of `merges.txt` is not two space-separated symbols.
    case malformedMerges(path: String, line: Int, content: String, expected: String)
    /// `tokenizer_config.json` or `special_tokens_map.json` holds something unusable.
    case invalidConfiguration(path: String, reason: String)
    /// A special token (start, end, padding, unknown) is not in the vocabulary.
    case specialTokenNotInVocabulary(role: String, token: String, path: String)
    /// `maxLength` below 2: there must be room for the start and end tokens.
    case invalidMaxLength(Int)

    /// A one-line message: `CLIP tokenizer <file>[:line]: <problem> (expected ...)`.
    public var description: String {
        switch self {
        case let .missingFile(path):
            return "CLIP tokenizer \(path): no such file"
        case let .unreadableFile(path, reason):
            return "CLIP tokenizer \(path): cannot read the file (\(reason))"
        case let .malformedVocabulary(path, line, column, problem):
            return "CLIP tokenizer \(path):\(line):\(column): not a vocabulary object {\"token\": id, ...}: \(problem)"
        case let .invalidVocabularyEntry(path, line, token, expected):
            return "CLIP tokenizer \(path):\(line): the value of token \"\(token)\" is invalid (expected \(expected))"
        case let .malformedMerges(path, line, content, expected):
            let shown = content.count > 60 ? String(content.prefix(60)) + "…" : content
            return "CLIP tokenizer \(path):\(line): malformed merge \"\(shown)\" (expected \(expected))"
        case let .invalidConfiguration(path, reason):
            return "CLIP tokenizer \(path): \(reason)"
        case let .specialTokenNotInVocabulary(role, token, path):
            return "CLIP tokenizer \(path): the \(role) token \"\(token)\" is not in the vocabulary"
        case let .invalidMaxLength(length):
            return "CLIP tokenizer: maxLength \(length) is too small (expected at least 2, for the start and end tokens)"
        }
    }
}
