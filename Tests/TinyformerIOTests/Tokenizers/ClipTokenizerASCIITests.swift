// The CLIP tokenizer's ASCII shortcuts (text clean-up and the word split's character classes)
// against its general Unicode path: the corpus tests compare with Hugging Face, these make sure
// the shortcut can never answer differently from the path those tests also cover.
import Testing
import TinyformerRandom
@testable import TinyformerIO

@Suite struct ClipTokenizerASCIITests {
    @Test func everyASCIIScalarIsClassedAsTheUnicodeCategoriesClassIt() {
        for value in UInt32(0)..<0x80 {
            let c = Unicode.Scalar(value)!
            #expect(ClipPreTokenizer.isLetter(c) == ClipPreTokenizer.isLetterByCategory(c), "letter \(value)")
            #expect(ClipPreTokenizer.isNumber(c) == ClipPreTokenizer.isNumberByCategory(c), "number \(value)")
            #expect(ClipPreTokenizer.isOther(c) == ClipPreTokenizer.isOtherByProperties(c), "other \(value)")
        }
    }

    @Test(arguments: ["", "   ", "A Photo of  a DOG", "\ttab\nnew\rline\u{0B}vt\u{0C}ff", "  lead and trail  ",
                      "ctrl\u{01}\u{1C}\u{1F}\u{7F}chars", "a \u{01} b", "it's 4 o'clock, <|endoftext|>!", "\u{0}nul"])
    func asciiCleanUpEqualsTheUnicodePath(text: String) {
        #expect(ClipTextNormalizer.normalizeASCII(text) == ClipTextNormalizer.normalizeUnicode(text))
    }

    @Test func randomASCIICleanUpEqualsTheUnicodePath() {
        var g = SeededGenerator(seed: 41)
        for _ in 0..<500 {
            let length = Int(g.next() % 40)
            let scalars = (0..<length).map { _ in Unicode.Scalar(UInt8(g.next() % 128)) }
            let text = String(String.UnicodeScalarView(scalars))
            #expect(ClipTextNormalizer.normalizeASCII(text) == ClipTextNormalizer.normalizeUnicode(text), "\(Array(text.utf8))")
        }
    }
}
