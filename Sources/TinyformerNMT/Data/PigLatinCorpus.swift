import Foundation
import TinyformerIO
import TinyformerRandom

/// Derives the two Pig Latin datasets of issue 3 from the course's shared data folder
/// (`austen-sense.txt`, `norvig-count_1w-top50000.tsv`); the Pig Latin column always comes from
/// `PigLatin.translateWord`. `Scripts/make-piglatin-data` runs this through `nmt prepare-data`
/// and commits the result as `Fixtures/piglatin/{small,large}.txt`. Details: docs/nmt-data.md.
///
/// - small: `smallCount` (3,198) distinct words of Sense and Sensibility, chosen uniformly at
///   random with `selectionSeed`: the distinct words, sorted, are permuted by the seeded
///   Fisher–Yates shuffle and the first 3,198 are kept; the file lists them sorted.
/// - large: the first `norvigCount` (20,000) words of Norvig's unigram counts, in rank order,
///   followed by every other Sense and Sensibility word, sorted (22,385 pairs).
public enum PigLatinCorpus {
    /// Size of the small dataset (the course's 3,255 words minus its 57 with apostrophes or digits).
    public static let smallCount = 3_198
    /// How many of Norvig's most frequent words go into the large dataset.
    public static let norvigCount = 20_000
    /// Seed of the small dataset's selection.
    public static let selectionSeed: UInt64 = 0
    /// The novel's file name inside the shared data folder.
    public static let novelFile = "austen-sense.txt"
    /// Norvig's unigram counts ("word<TAB>count", most frequent first) inside the shared data folder.
    public static let norvigFile = "norvig-count_1w-top50000.tsv"

    /// The words of `text` in order of occurrence (repeats included). Tokenisation:
    /// 1. lowercase; 2. every run of two or more hyphens (the text's dash) becomes a space;
    /// 3. split at every character other than a–z, 0–9, apostrophe and hyphen;
    /// 4. strip apostrophes and hyphens from both ends of each piece (quotation marks, a dangling
    ///    hyphen); 5. keep the non-empty pieces made only of a–z and '-'.
    /// So "Mrs." → "mrs", "ill-natured" stays whole, "nephew;--but" → "nephew", "but",
    /// "'twould" → "twould", while "Edward's", "don't" and "7000L" are dropped.
    public static func words(in text: String) -> [String] {
        var result: [String] = []
        for piece in text.lowercased().replacingDashes().split(whereSeparator: { !isWordCharacter($0) }) {
            let stripped = piece.drop(while: isEdge).reversed().drop(while: isEdge).reversed()
            guard !stripped.isEmpty, stripped.allSatisfy(isWordLetter) else { continue }
            result.append(String(stripped))
        }
        return result
    }

    /// The distinct words of the novel, sorted.
    public static func novelWords(sharedDirectory: URL) throws -> [String] {
        let url = sharedDirectory.appendingPathComponent(novelFile)
        let distinct = Set(words(in: try readText(url)))
        guard !distinct.isEmpty else { throw DataError.empty(path: url.path) }
        return distinct.sorted()
    }

    /// The first `count` words of Norvig's counts file ("word<TAB>count" lines), in rank order.
    /// - Throws: `DataError.malformedLine` for a line that is not "word<TAB>count" or a word
    ///   outside a–z and '-'; `.notEnoughWords` when the file is shorter than `count`.
    public static func norvigWords(sharedDirectory: URL, count: Int = norvigCount) throws -> [String] {
        let url = sharedDirectory.appendingPathComponent(norvigFile)
        var result: [String] = []
        var lineNumber = 0
        for line in try readText(url).split(separator: "\n", omittingEmptySubsequences: false) {
            guard result.count < count else { break }
            lineNumber += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t")
            guard fields.count == 2, Int(fields[1]) != nil else {
                throw DataError.malformedLine(path: url.path, line: lineNumber, reason: "expected \"word<TAB>count\", found \"\(line)\"")
            }
            guard fields[0].allSatisfy(isWordLetter) else {
                throw DataError.malformedLine(path: url.path, line: lineNumber, reason: "'\(fields[0])' has characters outside a–z and '-'")
            }
            result.append(String(fields[0]))
        }
        guard result.count == count else {
            throw DataError.notEnoughWords(path: url.path, found: result.count, needed: count)
        }
        return result
    }

    /// `smallCount` words drawn uniformly without replacement from `words` with `seed`: the
    /// words are sorted, permuted by the seeded Fisher–Yates shuffle, and the first `count`
    /// kept; returned sorted.
    public static func select(_ count: Int, from words: [String], seed: UInt64 = selectionSeed) -> [String] {
        let sorted = Array(Set(words)).sorted()
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(count: sorted.count)
        return order.prefix(count).map { sorted[$0] }.sorted()
    }

    /// The pair of each word, the Pig Latin from `PigLatin.translateWord`.
    public static func pairs(_ words: [String]) -> [TranslationPair] {
        words.map { TranslationPair(source: $0, target: PigLatin.translateWord($0)) }
    }

    /// Both datasets, derived from the shared data folder (see the type's documentation).
    /// - Throws: `DataError` naming the missing or malformed input file.
    public static func derive(sharedDirectory: URL, seed: UInt64 = selectionSeed) throws
        -> (small: [TranslationPair], large: [TranslationPair])
    {
        let novel = try novelWords(sharedDirectory: sharedDirectory)
        guard novel.count >= smallCount else {
            throw DataError.notEnoughWords(path: sharedDirectory.appendingPathComponent(novelFile).path, found: novel.count, needed: smallCount)
        }
        let small = select(smallCount, from: novel, seed: seed)
        let norvig = try norvigWords(sharedDirectory: sharedDirectory)
        var seen = Set<String>()
        let large = (norvig + novel).filter { seen.insert($0).inserted }
        return (pairs(small), pairs(large))
    }

    /// Writes pairs as "source target" lines (each ending in "\n"), replacing `url` atomically.
    public static func write(_ pairs: [TranslationPair], to url: URL) throws {
        let text = pairs.map { "\($0.source) \($0.target)\n" }.joined()
        do {
            try AtomicFile.write(text, to: url)
        } catch {
            throw DataError.cannotAccess(path: url.path, reason: "cannot be written (\(error.reason))")
        }
    }

    /// Derives both datasets and writes `small.txt` and `large.txt` into `outputDirectory`
    /// (created if missing). Returns the two pair counts.
    @discardableResult
    public static func writeDatasets(sharedDirectory: URL, outputDirectory: URL, seed: UInt64 = selectionSeed) throws
        -> (small: Int, large: Int)
    {
        let (small, large) = try derive(sharedDirectory: sharedDirectory, seed: seed)
        do {
            try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw DataError.cannotAccess(path: outputDirectory.path, reason: "cannot create the directory (\(SystemErrorReason.describe(error)))")
        }
        try write(small, to: outputDirectory.appendingPathComponent("small.txt"))
        try write(large, to: outputDirectory.appendingPathComponent("large.txt"))
        return (small.count, large.count)
    }

    /// An ASCII a–z or '-'.
    private static func isWordLetter(_ c: Character) -> Bool {
        c == "-" || (c.asciiValue.map { (97...122).contains($0) } ?? false)
    }

    private static func isWordCharacter(_ c: Character) -> Bool {
        c == "'" || isWordLetter(c) || (c.asciiValue.map { (48...57).contains($0) } ?? false)
    }

    private static func isEdge(_ c: Character) -> Bool { c == "'" || c == "-" }
}

private extension String {
    /// Replaces every run of two or more hyphens by one space.
    func replacingDashes() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var hyphens = 0
        for c in self {
            if c == "-" { hyphens += 1; continue }
            if hyphens == 1 { out.append("-") } else if hyphens > 1 { out.append(" ") }
            hyphens = 0
            out.append(c)
        }
        if hyphens == 1 { out.append("-") } else if hyphens > 1 { out.append(" ") }
        return out
    }
}
