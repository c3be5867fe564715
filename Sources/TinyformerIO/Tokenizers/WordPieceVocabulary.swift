// A WordPiece vocabulary: BERT's vocab.txt, one token per line, the line number (from 0) its id.
import Foundation

/// The tokens of a WordPiece vocabulary and their ids (the 0-based line numbers of `vocab.txt`).
///
/// Tokens are compared code point by code point: "é" (U+00E9) and "e\u{301}" are different tokens,
/// as they are to Hugging Face. Continuation pieces carry the `##` prefix in the vocabulary.
///
/// ```swift
/// let vocabulary = try WordPieceVocabulary(contentsOf: directory.appendingPathComponent("vocab.txt"))
/// vocabulary.id(of: "[CLS]")  // 101 for bert-base-uncased
/// ```
public struct WordPieceVocabulary: Sendable {
    /// The file path, or the `source` given to `init(tokens:source:)`; names the vocabulary in errors.
    public let source: String
    /// Every token, indexed by id.
    public let tokens: [String]
    /// The tokens' code points in a trie (exact lookup and longest match).
    let trie: VocabularyTrie

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Reads `vocab.txt`: UTF-8, one token per line, `\n` or `\r\n` line ends, an optional final
    /// newline. Throws `TokenizerError` naming the file (and line) for an unreadable or empty file,
    /// a line that is not UTF-8, an empty line, or a token that appears twice.
    public init(contentsOf url: URL) throws(TokenizerError) {
        let data: Data
        do {
            data = try InputFile.read(url)
        } catch {
            throw .unreadableFile(source: url.path, reason: error.reason)
        }
        var lines: [String] = []
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            lineNumber += 1
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            var line = data[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            guard let token = String(validating: line, as: UTF8.self) else {
                throw .invalidUTF8(source: url.path, line: lineNumber)
            }
            lines.append(token)
            start = end < data.endIndex ? data.index(after: end) : end
        }
        try self.init(tokens: lines, source: url.path)
    }

    /// A vocabulary of `tokens` (id = index). Throws `.emptyVocabulary`, `.emptyToken` or
    /// `.duplicateToken` (lines numbered from 1, as in a file) naming `source`.
    public init(tokens: [String], source: String = "<memory>") throws(TokenizerError) {
        guard !tokens.isEmpty else { throw .emptyVocabulary(source: source) }
        var trie = VocabularyTrie()
        for (id, token) in tokens.enumerated() {
            guard !token.isEmpty else { throw .emptyToken(source: source, line: id + 1) }
            if let first = trie.insert(token.unicodeScalars.lazy.map(\.value), id: id) {
                throw .duplicateToken(source: source, line: id + 1, token: token, firstLine: first + 1)
            }
        }
        self.source = source
        self.tokens = tokens
        self.trie = trie
    }

    /// The id of `token` (exact code points), or nil when it is not in the vocabulary.
    public func id(of token: String) -> Int? {
        trie.walk(token.unicodeScalars.lazy.map(\.value)).flatMap(trie.tokenID(at:))
    }

    /// The token with id `id`, or nil when `id` is out of range.
    public func token(for id: Int) -> String? {
        tokens.indices.contains(id) ? tokens[id] : nil
    }
}
