/// The character vocabulary of the Pig Latin task (30 tokens), in the course's order: the
/// characters sorted ('-' = 0, 'a' = 1 … 'z' = 26), then the special tokens SOS = 27, EOS = 28
/// and EOP = 29 (end of prompt, separating source and target in the decoder-only model).
public struct Vocabulary: Sendable, Equatable {
    public static let characters: [Character] = ["-"] + "abcdefghijklmnopqrstuvwxyz".map { $0 }
    public static let startOfSequence = 27
    public static let endOfSequence = 28
    public static let endOfPrompt = 29
    /// Number of token ids (30).
    public static let size = 30

    public init() {}

    /// The token ids of `word` (no special tokens).
    /// - Throws: `VocabularyError.unknownCharacters` naming every character outside '-', a–z.
    public static func encode(_ word: String) throws -> [Int] {
        var ids: [Int] = []
        var unknown: [Character] = []
        for ch in word {
            if ch == "-" {
                ids.append(0)
            } else if let ascii = ch.asciiValue, ascii >= 97, ascii <= 122 {
                ids.append(Int(ascii) - 96)
            } else if !unknown.contains(ch) {
                unknown.append(ch)
            }
        }
        guard unknown.isEmpty else { throw VocabularyError.unknownCharacters(word: word, characters: unknown) }
        return ids
    }

    /// The characters of `ids`, stopping at EOS; other special tokens are skipped.
    public static func decode(_ ids: [Int]) -> String {
        var out = ""
        for id in ids {
            if id == endOfSequence { break }
            if id >= 0, id < characters.count { out.append(characters[id]) }
        }
        return out
    }
}

/// Errors from encoding text into the character vocabulary.
public enum VocabularyError: Error, Equatable, CustomStringConvertible, Sendable {
    case unknownCharacters(word: String, characters: [Character])

    public var description: String {
        switch self {
        case let .unknownCharacters(word, characters):
            let list = characters.map { "'\($0)'" }.joined(separator: ", ")
            return "'\(word)' contains \(list), outside the vocabulary ('-' and a–z; uppercase is lowered before encoding)"
        }
    }
}
