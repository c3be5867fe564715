// BERT's WordPiece tokenizer, equal to Hugging Face's BertTokenizerFast.
import Foundation

/// BERT's WordPiece tokenizer, giving the same ids as Hugging Face's `BertTokenizerFast`
/// (transformers 5.24 / tokenizers 0.23; checked on every line of `Fixtures/tokenizers`).
///
/// The pipeline:
/// 1. special tokens written in the text ("[MASK]", "[SEP]", ... exactly as named, not
///    normalized) become their ids, the text between them goes through the rest;
/// 2. `BertNormalizer` (clean text, spaces around CJK ideographs, strip accents, lowercase);
/// 3. `BertPreTokenizer` (split on whitespace, isolate punctuation);
/// 4. WordPiece: each word becomes the longest vocabulary token that starts it, then the longest
///    `##`-prefixed token that continues it, and so on; a word that cannot be covered this way, or
///    that has more than `maxInputCharactersPerWord` (100) code points, becomes [UNK] as a whole.
///
/// `encode` adds `[CLS] … [SEP]` (`[CLS] A [SEP] B [SEP]` for a pair, token types 0 then 1),
/// truncates like Hugging Face's default `longest_first` strategy and right-pads with [PAD].
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(modelDirectory: URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// tokenizer.tokenize("Tokenization of Dashwood’s estate")
/// // ["token", "##ization", "of", "dash", "##wood", "’", "s", "estate"]
/// let batch = try tokenizer.encode(["A short one.", "And a longer sentence."], padding: .longest)
/// // batch[0].inputIDs.count == batch[1].inputIDs.count; batch[0].attentionMask ends with 0s
/// ```
public struct WordPieceTokenizer: Sendable {
    /// The vocabulary (`vocab.txt`).
    public let vocabulary: WordPieceVocabulary
    /// Normalization settings.
    public let normalizer: BertNormalizer
    /// The word split.
    public let preTokenizer = BertPreTokenizer()
    /// The special tokens' names.
    public let specialTokens: BertSpecialTokens
    /// Id of the unknown token ([UNK]).
    public let unknownID: Int
    /// Id of the classifier token ([CLS]).
    public let classifierID: Int
    /// Id of the separator token ([SEP]).
    public let separatorID: Int
    /// Id of the padding token ([PAD]).
    public let paddingID: Int
    /// Id of the mask token ([MASK]); nil when the vocabulary has none.
    public let maskID: Int?
    /// The truncation limit when `encode` truncates without a `maxLength` (`model_max_length`);
    /// nil for none.
    public let modelMaxLength: Int?
    /// Words longer than this many code points (after normalization) become [UNK] (100).
    public let maxInputCharactersPerWord: Int
    /// The prefix of continuation pieces in the vocabulary.
    public static let continuationPrefix = "##"

    /// Trie node reached by the continuation prefix, nil when no token starts with it.
    private let continuationNode: Int32?
    /// Special-token names as code points, longest first, with their ids.
    private let specialMatchers: [(codes: [UInt32], id: Int)]

    /// A tokenizer over `vocabulary`. Throws `.missingSpecialToken` naming the vocabulary when
    /// [UNK], [CLS], [SEP] or [PAD] (as named in `specialTokens`) is not in it.
    ///
    /// - Parameters:
    ///   - lowercase: `do_lower_case` (true for uncased checkpoints).
    ///   - stripAccents: `strip_accents`; nil follows `lowercase`.
    ///   - handleChineseCharacters: `tokenize_chinese_chars`.
    ///   - modelMaxLength: the default truncation limit (`model_max_length`; 512 for BERT).
    ///   - maxInputCharactersPerWord: `max_input_chars_per_word` (100).
    public init(vocabulary: WordPieceVocabulary, lowercase: Bool = true, stripAccents: Bool? = nil,
                handleChineseCharacters: Bool = true, modelMaxLength: Int? = 512,
                specialTokens: BertSpecialTokens = BertSpecialTokens(),
                maxInputCharactersPerWord: Int = 100) throws(TokenizerError) {
        if let modelMaxLength, modelMaxLength < 0 {
            throw .invalidLength(name: "modelMaxLength", value: modelMaxLength)
        }
        guard maxInputCharactersPerWord >= 0 else {
            throw .invalidLength(name: "maxInputCharactersPerWord", value: maxInputCharactersPerWord)
        }
        func required(_ role: String, _ token: String) throws(TokenizerError) -> Int {
            guard let id = vocabulary.id(of: token) else {
                throw .missingSpecialToken(source: vocabulary.source, role: role, token: token)
            }
            return id
        }
        unknownID = try required("unk_token", specialTokens.unknown)
        classifierID = try required("cls_token", specialTokens.classifier)
        separatorID = try required("sep_token", specialTokens.separator)
        paddingID = try required("pad_token", specialTokens.padding)
        maskID = vocabulary.id(of: specialTokens.mask)

        self.vocabulary = vocabulary
        self.normalizer = BertNormalizer(lowercase: lowercase, stripAccents: stripAccents,
                                         handleChineseCharacters: handleChineseCharacters)
        self.specialTokens = specialTokens
        self.modelMaxLength = modelMaxLength
        self.maxInputCharactersPerWord = maxInputCharactersPerWord
        continuationNode = vocabulary.trie.walk(Self.continuationPrefix.unicodeScalars.map(\.value))
        var matchers: [(codes: [UInt32], id: Int)] = []
        for (_, name) in specialTokens.roles {
            guard let id = vocabulary.id(of: name) else { continue }
            let codes = name.unicodeScalars.map(\.value)
            if !matchers.contains(where: { $0.codes == codes }) { matchers.append((codes, id)) }
        }
        specialMatchers = matchers.sorted { $0.codes.count > $1.codes.count }
    }

    /// Reads the vocabulary at `vocabularyURL` (see `WordPieceVocabulary.init(contentsOf:)`) and
    /// builds a tokenizer over it; the other parameters as in `init(vocabulary:...)`.
    public init(vocabularyURL: URL, lowercase: Bool = true, stripAccents: Bool? = nil,
                handleChineseCharacters: Bool = true, modelMaxLength: Int? = 512,
                specialTokens: BertSpecialTokens = BertSpecialTokens()) throws(TokenizerError) {
        try self.init(vocabulary: WordPieceVocabulary(contentsOf: vocabularyURL), lowercase: lowercase,
                      stripAccents: stripAccents, handleChineseCharacters: handleChineseCharacters,
                      modelMaxLength: modelMaxLength, specialTokens: specialTokens)
    }

    /// The tokenizer of a Hugging Face model folder: `vocab.txt`, configured by
    /// `tokenizer_config.json` (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars`,
    /// `model_max_length`, the special token names) and `special_tokens_map.json` when present.
    /// Absent settings keep `BertTokenizer`'s defaults (uncased, no length limit).
    public init(modelDirectory: URL) throws(TokenizerError) {
        let configuration = try BertTokenizerConfiguration(directory: modelDirectory)
        try self.init(vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"),
                      lowercase: configuration.lowercase, stripAccents: configuration.stripAccents,
                      handleChineseCharacters: configuration.handleChineseCharacters,
                      modelMaxLength: configuration.modelMaxLength, specialTokens: configuration.specialTokens)
    }

    // MARK: - Tokens

    /// The WordPiece tokens of `text`, without [CLS]/[SEP] (Hugging Face's `tokenize`).
    public func tokenize(_ text: String) -> [String] {
        tokenIDs(text).map { vocabulary.tokens[$0] }
    }

    /// The ids of `tokenize(text)` (`encode(text, add_special_tokens=False)`).
    public func tokenIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        var normalized: [UInt32] = []
        let codes = text.unicodeScalars.map(\.value)
        var segmentStart = 0
        var i = 0
        while i < codes.count {
            if let (length, id) = specialToken(in: codes, at: i) {
                appendIDs(of: codes[segmentStart..<i], to: &ids, normalized: &normalized)
                ids.append(id)
                i += length
                segmentStart = i
            } else {
                i += 1
            }
        }
        appendIDs(of: codes[segmentStart...], to: &ids, normalized: &normalized)
        return ids
    }

    /// The special token whose name starts at `codes[i]` (the longest if several), if any.
    @inline(__always)
    private func specialToken(in codes: [UInt32], at i: Int) -> (length: Int, id: Int)? {
        for matcher in specialMatchers where matcher.codes.first == codes[i] {
            let end = i + matcher.codes.count
            if end <= codes.count, codes[i..<end].elementsEqual(matcher.codes) {
                return (matcher.codes.count, matcher.id)
            }
        }
        return nil
    }

    /// Normalizes, splits and WordPiece-encodes `codes` (text without special tokens).
    private func appendIDs(of codes: ArraySlice<UInt32>, to ids: inout [Int], normalized: inout [UInt32]) {
        guard !codes.isEmpty else { return }
        normalizer.normalize(codes, into: &normalized)
        preTokenizer.forEachWord(in: normalized) { word in
            appendWordPieces(of: normalized[word], to: &ids)
        }
    }

    /// Greedy longest-match-first WordPiece of one word: [UNK] alone when the word is too long or
    /// some position has no matching piece.
    private func appendWordPieces(of word: ArraySlice<UInt32>, to ids: inout [Int]) {
        guard word.count <= maxInputCharactersPerWord else { ids.append(unknownID); return }
        let trie = vocabulary.trie
        let mark = ids.count
        var start = word.startIndex
        while start < word.endIndex {
            var best: (id: Int, end: Int)?
            if let first = start == word.startIndex ? VocabularyTrie.root : continuationNode {
                var node = first
                var i = start
                while i < word.endIndex, let next = trie.child(of: node, along: word[i]) {
                    node = next
                    i += 1
                    if let id = trie.tokenID(at: node) { best = (id, i) }
                }
            }
            guard let best else {
                ids.removeSubrange(mark...)
                ids.append(unknownID)
                return
            }
            ids.append(best.id)
            start = best.end
        }
    }

    // MARK: - Encoding

    /// `[CLS] text [SEP]`, or `[CLS] text [SEP] pair [SEP]`, as Hugging Face's `tokenizer(text, pair)`.
    ///
    /// - Parameters:
    ///   - maxLength: with `truncation`, the length limit including the special tokens (default:
    ///     the length of `.maxLength` padding, else `modelMaxLength`); a pair is truncated with
    ///     the `longest_first` strategy (see `BertTruncation`).
    ///   - truncation: whether to truncate at all.
    ///   - padding: `.maxLength(n)` pads to n; `.longest` and `.none` leave one text unpadded.
    /// - Throws: `.invalidLength` for a negative length, `.maxLengthTooSmall` when truncating to
    ///   fewer positions than the 2 (3 for a pair) special tokens need (Hugging Face then silently
    ///   does not truncate).
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil, truncation: Bool = true,
                       padding: Padding = .none) throws(TokenizerError) -> BertEncoding {
        let limit = try truncationLimit(maxLength: maxLength, truncation: truncation, padding: padding,
                                        isPair: pair != nil)
        var encoding = assemble(tokenIDs(text), pair.map(tokenIDs), limit: limit)
        if case let .maxLength(length) = padding { pad(&encoding, to: length) }
        return encoding
    }

    /// Encodes each text (with the pair at the same index when `pairs` is given) as
    /// `encode(_:pair:maxLength:truncation:padding:)` does, then pads every row to the longest
    /// (`.longest`, the default) or to n (`.maxLength(n)`), so the rows are rectangular (unless
    /// truncation is off and a row is longer than n; `.none` leaves them ragged).
    ///
    /// - Throws: `.pairCountMismatch` unless `pairs` has one entry per text, and the errors of the
    ///   single form.
    public func encode(_ texts: [String], pairs: [String]? = nil, maxLength: Int? = nil, truncation: Bool = true,
                       padding: Padding = .longest) throws(TokenizerError) -> [BertEncoding] {
        if let pairs, pairs.count != texts.count { throw .pairCountMismatch(texts: texts.count, pairs: pairs.count) }
        let limit = try truncationLimit(maxLength: maxLength, truncation: truncation, padding: padding,
                                        isPair: pairs != nil)
        var rows = texts.indices.map { i in assemble(tokenIDs(texts[i]), pairs.map { tokenIDs($0[i]) }, limit: limit) }
        let length: Int?
        switch padding {
        case .none: length = nil
        case .longest: length = rows.map(\.count).max()
        case let .maxLength(n): length = n
        }
        if let length {
            for i in rows.indices { pad(&rows[i], to: length) }
        }
        return rows
    }

    /// The length to truncate to (special tokens included), or nil for no truncation.
    private func truncationLimit(maxLength: Int?, truncation: Bool, padding: Padding,
                                 isPair: Bool) throws(TokenizerError) -> Int? {
        if let maxLength, maxLength < 0 { throw .invalidLength(name: "maxLength", value: maxLength) }
        var paddingLength: Int?
        if case let .maxLength(n) = padding {
            guard n >= 0 else { throw .invalidLength(name: "padding length", value: n) }
            paddingLength = n
        }
        guard truncation, let limit = maxLength ?? paddingLength ?? modelMaxLength else { return nil }
        let required = isPair ? 3 : 2
        guard limit >= required else { throw .maxLengthTooSmall(maxLength: limit, required: required) }
        return limit
    }

    /// Truncates and adds the special tokens.
    private func assemble(_ first: [Int], _ second: [Int]?, limit: Int?) -> BertEncoding {
        var first = first
        var second = second
        if let limit { BertTruncation.longestFirst(&first, &second, budget: limit - (second == nil ? 2 : 3)) }
        var ids = [classifierID]
        ids += first
        ids.append(separatorID)
        var types = [Int](repeating: 0, count: ids.count)
        if let second {
            ids += second
            ids.append(separatorID)
            types += [Int](repeating: 1, count: second.count + 1)
        }
        return BertEncoding(inputIDs: ids, attentionMask: [Int](repeating: 1, count: ids.count), tokenTypeIDs: types,
                            tokens: ids.map { vocabulary.tokens[$0] })
    }

    /// Right-pads `encoding` to `length` (no-op when it is already as long).
    private func pad(_ encoding: inout BertEncoding, to length: Int) {
        let extra = length - encoding.count
        guard extra > 0 else { return }
        encoding.inputIDs += [Int](repeating: paddingID, count: extra)
        encoding.attentionMask += [Int](repeating: 0, count: extra)
        encoding.tokenTypeIDs += [Int](repeating: 0, count: extra)
        encoding.tokens += [String](repeating: vocabulary.tokens[paddingID], count: extra)
    }
}
