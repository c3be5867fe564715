// A text corpus cut into token chunks for masked-language-model pretraining.
import Foundation
import TinyformerIO
import TinyformerRandom

/// A corpus as BERT pretraining reads it (transformers' `group_texts`): every non-empty line
/// tokenized, the ids concatenated into one stream, cut into chunks of `maxLength − 2` tokens
/// (the last, shorter one kept), each to become `[CLS] chunk [SEP]`.
public struct PretrainingCorpus: Sendable {
    public let name: String
    /// Token ids of each chunk, without special tokens.
    public let chunks: [[Int]]

    /// - Throws: `BertError.invalidArgument` for `maxLength` < 3 or a corpus without tokens.
    public init(name: String, lines: [String], tokenizer: WordPieceTokenizer, maxLength: Int) throws {
        guard maxLength >= 3 else { throw BertError.invalidArgument("pretraining: max length must be ≥ 3, got \(maxLength)") }
        var stream: [Int] = []
        for line in lines where !line.allSatisfy(\.isWhitespace) { stream += tokenizer.tokenIDs(line) }
        guard !stream.isEmpty else { throw BertError.invalidArgument("pretraining: the corpus \(name) holds no tokens") }
        let width = maxLength - 2
        chunks = stride(from: 0, to: stream.count, by: width).map { Array(stream[$0..<min($0 + width, stream.count)]) }
        self.name = name
    }

    /// Reads a UTF-8 text file, one line per paragraph line.
    /// - Throws: `BertError.missingFile` / `.unreadableFile` naming the file.
    public init(contentsOf url: URL, tokenizer: WordPieceTokenizer, maxLength: Int) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw BertError.missingFile(path: url.path, hint: "--corpus takes a UTF-8 text file or the word arithmetic")
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw BertError.unreadableFile(path: url.path, reason: "not UTF-8 text (\(error.localizedDescription))")
        }
        try self.init(name: url.lastPathComponent, lines: text.components(separatedBy: .newlines), tokenizer: tokenizer,
                      maxLength: maxLength)
    }

    /// Tokens over all chunks.
    public var tokenCount: Int { chunks.reduce(0) { $0 + $1.count } }

    /// A seeded split of the chunks: `fraction` of them (at least one) held out for validation.
    public func split(validationFraction fraction: Double, seed: UInt64) -> (train: [[Int]], validation: [[Int]]) {
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(count: chunks.count).map { chunks[$0] }
        let held = min(max(1, Int(fraction * Double(chunks.count))), max(chunks.count - 1, 1))
        return (Array(order[held...]), Array(order[..<held]))
    }
}
