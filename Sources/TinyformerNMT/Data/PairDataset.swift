import Foundation
import TinyformerRandom

/// One translation example: an English word and its Pig Latin.
public struct TranslationPair: Sendable, Hashable {
    /// The English word.
    public var source: String
    /// Its Pig Latin.
    public var target: String

    public init(source: String, target: String) {
        self.source = source
        self.target = target
    }
}

/// A pair as token ids of a `Vocabulary` (no special tokens).
public struct EncodedPair: Sendable, Hashable {
    /// Token ids of the source word.
    public var source: [Int]
    /// Token ids of the target word.
    public var target: [Int]

    public init(source: [Int], target: [Int]) {
        self.source = source
        self.target = target
    }
}

/// A list of translation pairs and their encodings, loaded from a pairs file.
///
/// File format: one pair per line, "source target" — exactly two fields separated by spaces or
/// tabs. Lines holding only whitespace are skipped; any other line with a different number of
/// fields or a character outside the vocabulary is an error naming the file and the 1-based
/// line number. The vocabulary is given (the course's sets use `Vocabulary.pigLatin`) or built
/// from every character of the file's pairs.
public struct PairDataset: Sendable, Equatable {
    /// Where the pairs came from (a file path, or a label for in-memory datasets).
    public let name: String
    /// The pairs, in file order (or split order after `split`).
    public let pairs: [TranslationPair]
    /// `pairs` encoded with `vocabulary`, index for index.
    public let encoded: [EncodedPair]
    /// The vocabulary of `encoded`.
    public let vocabulary: Vocabulary

    /// The dataset names `load` accepts besides paths.
    public static let fixtureNames = ["small", "large"]

    /// `Fixtures/piglatin` of the package this library was built from.
    public static var defaultFixturesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Data
            .deletingLastPathComponent()  // TinyformerNMT
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("Fixtures/piglatin")
    }

    /// Number of pairs.
    public var count: Int { pairs.count }

    /// A dataset from pairs in memory, encoded with `vocabulary` (nil: one built from the pairs).
    /// - Throws: `DataError.malformedLine` (line = index + 1) for a character outside the vocabulary.
    public init(pairs: [TranslationPair], name: String = "pairs", vocabulary: Vocabulary? = .pigLatin) throws {
        try self.init(name: name, pairs: pairs, lines: Array(1..<(pairs.count + 1)),
                      vocabulary: vocabulary)
    }

    /// Encodes `pairs` (from 1-based `lines` of `name`, for messages).
    private init(name: String, pairs: [TranslationPair], lines: [Int], vocabulary: Vocabulary?) throws {
        let vocabulary = try vocabulary ?? Self.vocabulary(covering: pairs, name: name)
        var encoded: [EncodedPair] = []
        encoded.reserveCapacity(pairs.count)
        for (pair, line) in zip(pairs, lines) {
            do {
                encoded.append(EncodedPair(source: try vocabulary.encode(pair.source), target: try vocabulary.encode(pair.target)))
            } catch {
                throw DataError.malformedLine(path: name, line: line, reason: error.description)
            }
        }
        self.init(name: name, pairs: pairs, encoded: encoded, vocabulary: vocabulary)
    }

    private init(name: String, pairs: [TranslationPair], encoded: [EncodedPair], vocabulary: Vocabulary) {
        self.name = name
        self.pairs = pairs
        self.encoded = encoded
        self.vocabulary = vocabulary
    }

    /// The vocabulary of every character in `pairs`, case kept.
    private static func vocabulary(covering pairs: [TranslationPair], name: String) throws -> Vocabulary {
        do {
            return try Vocabulary(coveringTextOf: pairs.flatMap { [$0.source, $0.target] })
        } catch {
            throw DataError.malformedLine(path: name, line: 1, reason: error.description)
        }
    }

    /// Parses the pairs file at `url` (format in the type's documentation), encoded with
    /// `vocabulary`, or with one built from its pairs when nil.
    /// - Throws: `DataError.cannotAccess` (missing/unreadable), `.malformedLine` (wrong field
    ///   count or a character outside the vocabulary, with file and line), `.empty` (no pairs).
    public init(contentsOf url: URL, vocabulary: Vocabulary? = .pigLatin) throws {
        let path = url.path
        let text = try readText(url)
        var pairs: [TranslationPair] = []
        var lines: [Int] = []
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so it is a line separator of its own.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let fields = line.split(whereSeparator: { $0.isWhitespace })
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw DataError.malformedLine(
                    path: path, line: lineNumber,
                    reason: "expected 2 fields \"source target\", found \(fields.count) in \(Self.escaped(line))")
            }
            pairs.append(TranslationPair(source: String(fields[0]), target: String(fields[1])))
            lines.append(lineNumber)
        }
        guard !pairs.isEmpty else { throw DataError.empty(path: path) }
        try self.init(name: path, pairs: pairs, lines: lines, vocabulary: vocabulary)
    }

    /// Loads a dataset by name or path: "small" and "large" are
    /// `<fixturesDirectory>/small.txt` and `large.txt` with the Pig Latin vocabulary; anything
    /// else is a path to a pairs file (relative paths against the current directory) encoded
    /// with `vocabulary`, or with the vocabulary of its own characters when nil.
    public static func load(_ nameOrPath: String, vocabulary: Vocabulary? = nil,
                            fixturesDirectory: URL = defaultFixturesDirectory) throws -> PairDataset {
        if fixtureNames.contains(nameOrPath) {
            return try PairDataset(contentsOf: fixturesDirectory.appendingPathComponent("\(nameOrPath).txt"),
                                   vocabulary: vocabulary ?? .pigLatin)
        }
        guard !nameOrPath.isEmpty else { throw DataError.invalidArgument("the data path is empty") }
        return try PairDataset(contentsOf: URL(fileURLWithPath: nameOrPath), vocabulary: vocabulary)
    }

    /// A line for an error message: quoted, control characters escaped, at most 80 characters.
    private static func escaped(_ line: Substring) -> String {
        let shown = line.prefix(80).unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "\"\(shown)\"" + (line.count > 80 ? "…" : "")
    }

    /// A seeded, deterministic train/validation split.
    ///
    /// Algorithm: the pair indices 0..<n are permuted by the Fisher–Yates shuffle driven by
    /// `SeededGenerator(seed: seed)` (see `SeededShuffle.swift`); the first ⌊n·trainPercent/100⌋
    /// indices of the permutation form the training set, the rest the validation set, each in
    /// permutation order. With the default 80 %, 3,198 pairs give 2,558 / 640.
    /// - Throws: `DataError.invalidArgument` unless 0 ≤ trainPercent ≤ 100.
    public func split(seed: UInt64, trainPercent: Int = 80) throws -> (train: PairDataset, validation: PairDataset) {
        guard (0...100).contains(trainPercent) else {
            throw DataError.invalidArgument("split: trainPercent must be in 0...100, got \(trainPercent)")
        }
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(count: count)
        let trainCount = count * trainPercent / 100
        func subset(_ indices: ArraySlice<Int>, _ label: String) -> PairDataset {
            PairDataset(name: "\(name) [\(label)]", pairs: indices.map { pairs[$0] }, encoded: indices.map { encoded[$0] },
                        vocabulary: vocabulary)
        }
        return (subset(order[..<trainCount], "train"), subset(order[trainCount...], "validation"))
    }
}
