// Each rule of BertNormalizer on its own (the exhaustive comparison is BertCodePointTests).
import Testing
import TinyformerIO

@Suite struct BertNormalizerTests {
    private let plain = BertNormalizer(lowercase: false, stripAccents: false, handleChineseCharacters: false)

    @Test func cleanTextDropsNulReplacementAndControlCharacters() {
        #expect(plain.normalize("a\u{0}b\u{FFFD}c\u{7}d\u{7F}e\u{85}f\u{1B}g") == "abcdefg")
    }

    @Test func cleanTextDropsFormatAndPrivateUseCharacters() {
        // zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks, a tag, private use
        #expect(plain.normalize("a\u{200B}b\u{200C}\u{200D}c\u{2060}d\u{FEFF}e\u{AD}f\u{200E}g\u{E0041}h\u{E000}i")
                == "abcdefghi")
    }

    @Test func cleanTextTurnsWhitespaceIntoSpaces() {
        #expect(plain.normalize("a\tb\nc\rd\u{A0}e\u{3000}f\u{2028}g") == "a b c d e f g")
    }

    @Test func verticalTabAndFormFeedAreDroppedNotSpaced() {
        // Hugging Face checks "control" before "whitespace"; only \t, \n, \r are exempt.
        #expect(plain.normalize("a\u{B}b\u{C}c") == "abc")
    }

    @Test func cleanTextCanBeTurnedOff() {
        let raw = BertNormalizer(lowercase: false, stripAccents: false, handleChineseCharacters: false, cleanText: false)
        #expect(raw.normalize("a\u{0}\tb") == "a\u{0}\tb")
    }

    @Test func cjkIdeographsGetSpacesAround() {
        let chinese = BertNormalizer(lowercase: false, stripAccents: false, handleChineseCharacters: true)
        #expect(chinese.normalize("ab中文c") == "ab 中  文 c")
        #expect(chinese.normalize("𠀀") == " 𠀀 ")  // extension B
    }

    @Test func kanaHangulAndNewerIdeographBlocksAreNotSpaced() {
        let chinese = BertNormalizer(lowercase: false, stripAccents: false, handleChineseCharacters: true)
        #expect(chinese.normalize("ひらがなカタカナ한국어") == "ひらがなカタカナ한국어")
        #expect(chinese.normalize("\u{2B820}\u{31350}") == "\u{2B820}\u{31350}")  // Ext E start, Ext H: not in BERT's list
    }

    @Test func lowercaseIsPerCodePointWithoutContext() {
        let lower = BertNormalizer(lowercase: true, stripAccents: false, handleChineseCharacters: false)
        #expect(lower.normalize("HeLLo ΟΔΟΣ Ⅻ ＡＢ") == "hello οδοσ ⅻ ａｂ")
        #expect(lower.normalize("İ").unicodeScalars.map(\.value) == [0x69, 0x307])
    }

    @Test func stripAccentsDecomposesAndDropsNonspacingMarks() {
        let strip = BertNormalizer(lowercase: false, stripAccents: true, handleChineseCharacters: false)
        #expect(strip.normalize("Café naïve Ångström e\u{301}") == "Cafe naive Angstrom e")
        #expect(strip.normalize("한") == "\u{1112}\u{1161}\u{11AB}")  // Hangul decomposes to jamo
    }

    @Test func stripAccentsKeepsSpacingMarksAndDecomposesBeforeLowercasing() {
        let uncased = BertNormalizer(lowercase: true)
        #expect(uncased.stripAccents)
        #expect(uncased.normalize("İSTANBUL") == "istanbul")  // İ → I + U+0307 → I → i
        #expect(uncased.normalize("नमस्ते") == "नमसत")  // virama and vowel sign e are Mn: dropped
        #expect(uncased.normalize("का") == "का")  // vowel sign aa is Mc (spacing): kept
    }

    @Test func stripAccentsFollowsLowercaseUnlessConfigured() {
        #expect(BertNormalizer(lowercase: true).stripAccents)
        #expect(!BertNormalizer(lowercase: false).stripAccents)
        #expect(!BertNormalizer(lowercase: true, stripAccents: false).stripAccents)
        #expect(BertNormalizer(lowercase: false, stripAccents: true).normalize("É") == "E")
    }

    @Test func marksAreReorderedCanonicallyBeforeStripping() {
        // U+1D16D (Mc, class 226) before U+1D165 (Mc, class 216): NFD swaps them; both survive.
        let strip = BertNormalizer(lowercase: false, stripAccents: true, handleChineseCharacters: false)
        #expect(strip.normalize("a\u{1D16D}\u{1D165}b").unicodeScalars.map(\.value) == [0x61, 0x1D165, 0x1D16D, 0x62])
    }

    @Test func charactersNewerThanUnicode9AreLeftAlone() {
        // Hugging Face's tables are Unicode 9.0: U+0890 (Cf since 14.0) is kept, U+11938 (decomposable
        // since 13.0) is not decomposed.
        let uncased = BertNormalizer(lowercase: true)
        #expect(uncased.normalize("a\u{890}b\u{11938}") == "a\u{890}b\u{11938}")
    }
}

@Suite struct BertPreTokenizerTests {
    private let split = BertPreTokenizer()

    @Test func whitespaceSeparatesAndDisappears() {
        #expect(split.split("  hello \t world\u{3000}again ") == ["hello", "world", "again"])
    }

    @Test func everyPunctuationCharacterIsAWordOfItsOwn() {
        #expect(split.split("don't...stop!") == ["don", "'", "t", ".", ".", ".", "stop", "!"])
        #expect(split.split("$5+3^2`|~") == ["$", "5", "+", "3", "^", "2", "`", "|", "~"])
        #expect(split.split("«¿qué?»") == ["«", "¿", "qué", "?", "»"])
    }

    @Test func symbolsThatAreNotPunctuationStayInWords() {
        #expect(split.split("5€ ©2024 a²") == ["5€", "©2024", "a²"])
        #expect(split.split("x\u{2E44}y") == ["x\u{2E44}y"])  // punctuation only since Unicode 10
    }
}
