// CLIP's byte-level BPE tokenizer, reading Hugging Face's `vocab.json` + `merges.txt`.
//
// Shape letters: B batch, T sequence length.
import Foundation
import Synchronization

/// CLIP's text tokenizer, giving the same tokens and ids as Hugging Face's slow (pure-Python)
/// `CLIPTokenizer` when ftfy is not installed:
///
/// 1. the special tokens' exact strings in the text are kept whole (case-sensitive; for CLIP
///    `<|startoftext|>` and `<|endoftext|>`, plus the pad token if it differs — LAION's `!`);
/// 2. the rest is cleaned and lower-cased (`BasicTokenizer`: control and format characters
///    removed, whitespace collapsed, spaces around CJK ideographs, NFC, Python's `lower()`);
/// 3. split into words, contractions (`'s 't 're 've 'm 'll 'd`), single digits and runs of other
///    symbols (CLIP's regular expression, ignoring case);
/// 4. each word's UTF-8 bytes become byte-level symbols, the last one ending in `</w>`, and the
///    ranked merges of `merges.txt` are applied (results are cached per word);
/// 5. ids come from `vocab.json`; `encode` adds `<|startoftext|>` … `<|endoftext|>`, truncates to
///    `maxLength` (keeping the end token) and pads with the pad token.
///
/// ```swift
/// let tokenizer = try ClipTokenizer(directory: checkpoint)            // vocab.json, merges.txt, configs
/// let encoding = try tokenizer.encode("a photo of a cat")            // 77 ids, padded
/// // encoding.inputIDs.prefix(7) == [49406, 320, 1125, 539, 320, 2368, 49407]
/// ```
///
/// Differences from Hugging Face, all on inputs its own files never contain: a `merges.txt` line
/// that is not two symbols is an error (Python ignores it), the first line is skipped only when it
/// starts with `#` (Python always skips it), and a special token missing from the vocabulary is an
/// error (Python appends it). Like Python, only the first 48,894 merges are read.
public final class ClipTokenizer: Sendable {
    /// CLIP's text context: 77 positions.
    public static let defaultContextLength = 77
    /// The number of merges Hugging Face's slow tokenizer (and OpenAI's) reads: 49,152 − 256 − 2.
    public static let maximumMergeCount = 48_894

    /// Token → id, from `vocab.json`.
    public let vocabulary: [String: Int]
    /// The default `maxLength` of `encode` (`model_max_length`, 77 unless the config says otherwise).
    public let contextLength: Int
    public let startToken: String
    public let endToken: String
    public let padToken: String
    public let unknownToken: String
    public let startTokenID: Int
    public let endTokenID: Int
    public let padTokenID: Int
    public let unknownTokenID: Int

    private let bpe: BytePairEncoding
    /// BPE symbol id → vocabulary id (the unknown token's id for symbols missing from the vocabulary).
    private let symbolIDs: [Int]
    /// The distinct special-token strings, longest first (matched before anything else).
    private let specialTokens: [[Unicode.Scalar]]
    /// Word → BPE symbols. Cleared when it reaches `cacheLimit` entries.
    private let cache = Mutex<[String: [Int32]]>([:])
    private static let cacheLimit = 100_000

    /// Loads `vocab.json` and `merges.txt` from `directory`, with the special tokens and
    /// `model_max_length` of its `tokenizer_config.json` / `special_tokens_map.json` when present
    /// (CLIP's defaults otherwise: `<|startoftext|>`, `<|endoftext|>` for end, padding and
    /// unknown, 77 positions).
    public convenience init(directory: URL) throws(ClipTokenizerError) {
        let config = try ClipTokenizerConfig.read(directory: directory)
        try self.init(
            vocabularyURL: directory.appendingPathComponent("vocab.json"),
            mergesURL: directory.appendingPathComponent("merges.txt"),
            contextLength: config.modelMaxLength ?? Self.defaultContextLength,
            startToken: config.startToken ?? "<|startoftext|>",
            endToken: config.endToken ?? "<|endoftext|>",
            padToken: config.padToken ?? "<|endoftext|>",
            unknownToken: config.unknownToken ?? "<|endoftext|>")
    }

    /// Loads the two vocabulary files. Throws `.missingFile`, `.unreadableFile`,
    /// `.malformedVocabulary` / `.invalidVocabularyEntry` (with the line), `.malformedMerges`
    /// (with the line), `.specialTokenNotInVocabulary`, or `.invalidMaxLength` for a
    /// `contextLength` below 2.
    public init(
        vocabularyURL: URL, mergesURL: URL, contextLength: Int = ClipTokenizer.defaultContextLength,
        startToken: String = "<|startoftext|>", endToken: String = "<|endoftext|>",
        padToken: String = "<|endoftext|>", unknownToken: String = "<|endoftext|>"
    ) throws(ClipTokenizerError) {
        guard contextLength >= 2 else { throw .invalidMaxLength(contextLength) }
        let vocabulary = try VocabularyJSON.parse(Self.read(vocabularyURL), path: vocabularyURL.path)
        let merges = try Self.parseMerges(Self.read(mergesURL), path: mergesURL.path)
        func id(_ role: String, _ token: String) throws(ClipTokenizerError) -> Int {
            guard let id = vocabulary[token] else {
                throw .specialTokenNotInVocabulary(role: role, token: token, path: vocabularyURL.path)
            }
            return id
        }
        self.startTokenID = try id("start", startToken)
        self.endTokenID = try id("end", endToken)
        self.padTokenID = try id("padding", padToken)
        self.unknownTokenID = try id("unknown", unknownToken)
        self.vocabulary = vocabulary
        self.contextLength = contextLength
        self.startToken = startToken
        self.endToken = endToken
        self.padToken = padToken
        self.unknownToken = unknownToken
        let bpe = BytePairEncoding(merges: merges)
        let unknownID = self.unknownTokenID
        self.bpe = bpe
        self.symbolIDs = bpe.symbols.map { vocabulary[$0] ?? unknownID }
        self.specialTokens = Set([startToken, endToken, padToken, unknownToken]).filter { !$0.isEmpty }
            .map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    }

    /// The number of entries of `vocab.json`.
    public var vocabularySize: Int { vocabulary.count }

    /// The tokens of `text` (no start or end token), e.g. `["a</w>", "photo</w>"]`.
    public func tokenize(_ text: String) -> [String] {
        pieces(text).flatMap { piece -> [String] in
            switch piece {
            case let .special(token): return [token]
            case let .symbols(symbols): return symbols.map { bpe.symbols[Int($0)] }
            }
        }
    }

    /// The ids of `text`'s tokens (no start or end token, no truncation).
    public func tokenIDs(_ text: String) -> [Int] {
        pieces(text).flatMap { piece -> [Int] in
            switch piece {
            case let .special(token): return [vocabulary[token] ?? unknownTokenID]
            case let .symbols(symbols): return symbols.map { symbolIDs[Int($0)] }
            }
        }
    }

    /// `<|startoftext|>`, the tokens of `text`, `<|endoftext|>`; with `truncation`, cut to
    /// `maxLength` (default `contextLength`) keeping the end token; padded with the pad token to
    /// `maxLength` for `.maxLength` padding. Throws `.invalidMaxLength` below 2.
    public func encode(_ text: String, maxLength: Int? = nil, padding: ClipPadding = .maxLength, truncation: Bool = true)
        throws(ClipTokenizerError) -> ClipEncoding
    {
        let length = maxLength ?? contextLength
        guard length >= 2 else { throw .invalidMaxLength(length) }
        let row = sequence(text, maxLength: length, truncation: truncation)
        return padded(row, to: padding == .maxLength ? length : row.count)
    }

    /// Encodes every text like `encode`; rows are padded to the longest row (`.longest`, the
    /// default) or to `maxLength` (`.maxLength`), so they form a (B, T) rectangle; `.none` leaves
    /// each row its own length.
    public func encodeBatch(_ texts: [String], maxLength: Int? = nil, padding: ClipPadding = .longest, truncation: Bool = true)
        throws(ClipTokenizerError) -> ClipBatchEncoding
    {
        let length = maxLength ?? contextLength
        guard length >= 2 else { throw .invalidMaxLength(length) }
        let sequences = texts.map { sequence($0, maxLength: length, truncation: truncation) }
        let longest = sequences.map(\.count).max() ?? 0
        return ClipBatchEncoding(rows: sequences.map { row in
            switch padding {
            case .none: return padded(row, to: row.count)
            case .longest: return padded(row, to: longest)
            case .maxLength: return padded(row, to: max(length, row.count))
            }
        })
    }

    // MARK: - Steps

    private enum Piece {
        case special(String)
        case symbols([Int32])
    }

    /// Special tokens kept whole, everything between them normalised, split and BPE-encoded.
    private func pieces(_ text: String) -> [Piece] {
        var result: [Piece] = []
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0
        var i = 0
        func flushSegment(upTo end: Int) {
            guard end > segmentStart else { return }
            let segment: String
            if segmentStart == 0, end == scalars.count {
                segment = text  // no special token inside: the usual case, nothing to copy
            } else {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[segmentStart..<end])
                segment = String(view)
            }
            for word in ClipPreTokenizer.split(ClipTextNormalizer.normalize(segment)) {
                // The lower-cased special tokens are the initial entries of Hugging Face's BPE
                // cache, so they stay whole.
                let isSpecial = word == "<|startoftext|>" || word == "<|endoftext|>"
                result.append(isSpecial ? .special(word) : .symbols(symbols(word)))
            }
        }
        while i < scalars.count {
            if let special = specialTokens.first(where: { token in
                token[0] == scalars[i] && i + token.count <= scalars.count && scalars[i..<i + token.count].elementsEqual(token)
            }) {
                flushSegment(upTo: i)
                result.append(.special(String(String.UnicodeScalarView(special))))
                i += special.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        flushSegment(upTo: scalars.count)
        return result
    }

    /// The BPE symbols of one pre-tokenized word (cached).
    private func symbols(_ word: String) -> [Int32] {
        if let cached = cache.withLock({ $0[word] }) { return cached }
        let result = bpe.encode(word: Array(word.utf8))
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[word] = result
        }
        return result
    }

    /// Start, tokens (truncated), end: the unpadded ids.
    private func sequence(_ text: String, maxLength: Int, truncation: Bool) -> [Int] {
        var ids = tokenIDs(text)
        if truncation, ids.count > maxLength - 2 {
            ids.removeLast(ids.count - (maxLength - 2))
        }
        return [startTokenID] + ids + [endTokenID]
    }

    private func padded(_ ids: [Int], to length: Int) -> ClipEncoding {
        let padding = max(0, length - ids.count)
        return ClipEncoding(inputIDs: ids + Array(repeating: padTokenID, count: padding),
                            attentionMask: Array(repeating: 1, count: ids.count) + Array(repeating: 0, count: padding))
    }

    // MARK: - Files

    private static func read(_ url: URL) throws(ClipTokenizerError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .missingFile(path: url.path)
        }
        if isDirectory.boolValue { throw .unreadableFile(path: url.path, reason: "it is a folder") }
        do {
            return try [UInt8](InputFile.read(url))
        } catch {
            throw .unreadableFile(path: url.path, reason: error.reason)
        }
    }

    /// `merges.txt`: an optional `#…` header line, then one `left right` pair per line (blank
    /// lines at the end are ignored; `\r\n` line ends are fine). At most `maximumMergeCount`
    /// merges are read.
    static func parseMerges(_ bytes: [UInt8], path: String) throws(ClipTokenizerError) -> [(String, String)] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
            line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0B || $0 == 0x0C }
        }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        var merges: [(String, String)] = []
        merges.reserveCapacity(min(lines.count, maximumMergeCount))
        for (index, raw) in lines.enumerated() {
            guard let line = String(validating: raw, as: UTF8.self) else {
                throw .malformedMerges(path: path, line: index + 1, content: String(decoding: raw, as: UTF8.self),
                                       expected: "UTF-8 text")
            }
            if index == 0 && line.hasPrefix("#") { continue }
            if merges.count == maximumMergeCount { break }
            let parts = line.unicodeScalars.split(whereSeparator: { ClipTextNormalizer.isPythonWhitespace($0.value) })
            guard parts.count == 2 else {
                throw .malformedMerges(path: path, line: index + 1, content: line,
                                       expected: "two symbols separated by a space, like \"t h\"")
            }
            merges.append((String(String.UnicodeScalarView(parts[0])), String(String.UnicodeScalarView(parts[1]))))
        }
        return merges
    }
}
