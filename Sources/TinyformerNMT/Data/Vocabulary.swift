import Foundation

/// A character vocabulary for sequence-to-sequence models: the characters in a fixed order
/// (ids 0..<n), then three special tokens, start of sequence (SOS = n), end of sequence
/// (EOS = n + 1) and end of prompt (EOP = n + 2, separating source and target in the
/// decoder-only model).
///
/// `pigLatin` is the course's 30-token vocabulary ('-' = 0, 'a' = 1 … 'z' = 26, SOS 27, EOS 28,
/// EOP 29; input lowercased). For any other data, `init(coveringTextOf:)` collects every
/// character of the training pairs (digits, capitals, other scripts), sorted by Unicode scalar
/// values; a run stores it with its checkpoint (`vocabulary.json`).
///
/// JSON: `{"characters": ["-", "a", …], "lowercasesInput": true}`.
public struct Vocabulary: Codable, Sendable, Hashable {
    /// The characters, id = index.
    public let characters: [Character]
    /// Whether text is lowercased before encoding (the Pig Latin task is case-blind).
    public let lowercasesInput: Bool
    private let ids: [Character: Int]

    /// The course's Pig Latin vocabulary: '-', a–z, then SOS, EOS, EOP (30 tokens).
    public static let pigLatin = Vocabulary(distinct: ["-"] + "abcdefghijklmnopqrstuvwxyz".map { $0 }, lowercasesInput: true)

    /// - Throws: `VocabularyError.invalid` for an empty list, a repeated character, a whitespace
    ///   character (words are whitespace-separated) or a control character (translations are
    ///   printed to terminals).
    public init(characters: [Character], lowercasesInput: Bool = false) throws(VocabularyError) {
        guard !characters.isEmpty else { throw .invalid("a vocabulary needs at least one character") }
        var ids: [Character: Int] = [:]
        for (id, character) in characters.enumerated() {
            guard !character.isWhitespace else { throw .invalid("whitespace \(Self.quoted(character)) cannot be a token") }
            guard !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw .invalid("the control character \(Self.quoted(character)) cannot be a token")
            }
            guard ids.updateValue(id, forKey: character) == nil else {
                throw .invalid("\(Self.quoted(character)) appears twice")
            }
        }
        self.characters = characters
        self.lowercasesInput = lowercasesInput
        self.ids = ids
    }

    /// Characters known to be distinct and not whitespace (the built-in vocabularies).
    private init(distinct characters: [Character], lowercasesInput: Bool) {
        self.characters = characters
        self.lowercasesInput = lowercasesInput
        ids = Dictionary(uniqueKeysWithValues: characters.enumerated().map { ($1, $0) })
    }

    /// Every character of `texts` (after lowercasing, when asked), sorted by Unicode scalars.
    /// - Throws: `VocabularyError.invalid` when the texts hold no character.
    public init(coveringTextOf texts: [String], lowercasesInput: Bool = false) throws(VocabularyError) {
        var seen = Set<Character>()
        for text in texts { seen.formUnion(lowercasesInput ? text.lowercased() : text) }
        seen = seen.filter { !$0.isWhitespace }
        try self.init(characters: seen.sorted { String($0).unicodeScalars.lexicographicallyPrecedes(String($1).unicodeScalars) },
                      lowercasesInput: lowercasesInput)
    }

    /// Start of sequence: the decoder's first input.
    public var startOfSequence: Int { characters.count }
    /// End of sequence: the last target.
    public var endOfSequence: Int { characters.count + 1 }
    /// End of prompt: separates source and target in the decoder-only model.
    public var endOfPrompt: Int { characters.count + 2 }
    /// Number of token ids (characters + 3).
    public var size: Int { characters.count + 3 }

    /// The token ids of `word` (no special tokens), lowercased first when `lowercasesInput`.
    /// - Throws: `VocabularyError.unknownCharacters` naming every character outside the vocabulary.
    public func encode(_ word: String) throws(VocabularyError) -> [Int] {
        let text = lowercasesInput ? word.lowercased() : word
        var encoded: [Int] = []
        encoded.reserveCapacity(text.count)
        var unknown: [Character] = []
        for ch in text {
            if let id = ids[ch] { encoded.append(id) } else if !unknown.contains(ch) { unknown.append(ch) }
        }
        guard unknown.isEmpty else { throw .unknownCharacters(word: word, characters: unknown, vocabulary: summary) }
        return encoded
    }

    /// The characters of `ids`, stopping at EOS; other special tokens are skipped.
    public func decode(_ ids: [Int]) -> String {
        var out = ""
        for id in ids {
            if id == endOfSequence { break }
            if id >= 0, id < characters.count { out.append(characters[id]) }
        }
        return out
    }

    /// A readable name of one token: the character, or <s>, </s>, <p> for SOS, EOS, EOP.
    public func tokenName(_ id: Int) -> String {
        switch id {
        case startOfSequence: "<s>"
        case endOfSequence: "</s>"
        case endOfPrompt: "<p>"
        case 0..<characters.count: String(characters[id])
        default: "<\(id)?>"
        }
    }

    /// A short description for messages: the first characters and the count.
    var summary: String {
        if self == Vocabulary.pigLatin { return "'-' and a–z; uppercase is lowered before encoding" }
        let shown = characters.prefix(40).map { Self.quoted($0) }.joined(separator: " ")
        return "\(characters.count) characters: \(shown)\(characters.count > 40 ? " …" : "")"
    }

    /// A character for a message, with control and invisible characters escaped.
    static func quoted(_ character: Character) -> String {
        let escaped = character.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return "'\(escaped)'"
    }

    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        lhs.characters == rhs.characters && lhs.lowercasesInput == rhs.lowercasesInput
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(characters)
        hasher.combine(lowercasesInput)
    }

    private enum CodingKeys: String, CodingKey { case characters, lowercasesInput }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let strings = try c.decode([String].self, forKey: .characters)
        var characters: [Character] = []
        for (i, s) in strings.enumerated() {
            guard s.count == 1, let ch = s.first else {
                throw DecodingError.dataCorruptedError(forKey: .characters, in: c,
                                                       debugDescription: "entry \(i) (\(s.debugDescription)) is not one character")
            }
            characters.append(ch)
        }
        do {
            try self.init(characters: characters, lowercasesInput: try c.decodeIfPresent(Bool.self, forKey: .lowercasesInput) ?? false)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .characters, in: c, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(characters.map { String($0) }, forKey: .characters)
        try c.encode(lowercasesInput, forKey: .lowercasesInput)
    }
}

/// Errors from building a vocabulary or encoding text with it.
public enum VocabularyError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownCharacters(word: String, characters: [Character], vocabulary: String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .unknownCharacters(word, characters, vocabulary):
            let list = characters.map { Vocabulary.quoted($0) }.joined(separator: ", ")
            let shownWord = String(word.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
            return "'\(shownWord)' contains \(list), outside the vocabulary (\(vocabulary))"
        case let .invalid(message):
            return "vocabulary: \(message)"
        }
    }
}
