/// The Pig Latin rule of issue 3 — the single source of truth for every Pig Latin string the
/// project produces (the datasets in `Fixtures/piglatin/` are derived through it).
///
/// A word is lowercased, split at every hyphen, and each part is transformed on its own:
/// - a part starting with a vowel (a e i o u) gets "way" appended: impress → impressway;
/// - otherwise its leading run of consonants moves to the end, followed by "ay". The run is made
///   of characters other than a e i o u y, so "y" ends the run without being a vowel, and a
///   "qu" inside the run is kept together (its "u" belongs to the run):
///   team → eamtay, shopping → oppingshay, square → aresquay, yeah → yeahay, rhythm → ythmrhay.
///
/// Edge cases (decided here, tested in `PigLatinTests`):
/// - an empty part stays empty, so hyphens are kept in place: "a--b" → "away--bay",
///   "-and" → "-andway", and the empty word gives "";
/// - a part without any of a e i o u y is one consonant run, which moves as a whole — i.e. "ay"
///   is appended: "hmm" → "hmmay", "mp" → "mpay";
/// - characters outside a–z and '-' (which the datasets never contain) count as consonants.
///
/// Sentences are translated word by word: split at whitespace, joined by single spaces.
public enum PigLatin {
    /// Letters that make a part vowel-initial (it then gets "way").
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
    /// Letters that end the leading consonant run ("y" ends it without being a vowel).
    static let runEnders: Set<Character> = ["a", "e", "i", "o", "u", "y"]

    /// The Pig Latin of one word (lowercased first; hyphenated parts transformed separately).
    ///
    ///     PigLatin.translateWord("ill-natured")  // "illway-aturednay"
    public static func translateWord(_ word: String) -> String {
        word.lowercased()
            .split(separator: "-", omittingEmptySubsequences: false)
            .map(translatePart)
            .joined(separator: "-")
    }

    /// The Pig Latin of a sentence, word by word: words are separated by any whitespace in the
    /// input and by one space in the output.
    ///
    ///     PigLatin.translateSentence("i went shopping")  // "iway entway oppingshay"
    public static func translateSentence(_ sentence: String) -> String {
        sentence.split(whereSeparator: \.isWhitespace)
            .map { translateWord(String($0)) }
            .joined(separator: " ")
    }

    /// One hyphen-free part.
    static func translatePart(_ part: Substring) -> String {
        guard let first = part.first else { return "" }
        if vowels.contains(first) { return String(part) + "way" }
        var end = part.startIndex  // end of the leading consonant run
        while end < part.endIndex, !runEnders.contains(part[end]) {
            let next = part.index(after: end)
            if part[end] == "q", next < part.endIndex, part[next] == "u" {
                end = part.index(after: next)  // "qu" stays together
            } else {
                end = next
            }
        }
        return String(part[end...]) + String(part[..<end]) + "ay"
    }
}
