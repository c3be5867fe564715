import Testing
import TinyformerNMT

/// The Pig Latin rule: every example of issue 3, then the edge cases PigLatin documents.
@Suite struct PigLatinTests {
    @Test("a vowel-initial word gets \"way\"", arguments: [
        ("impress", "impressway"), ("ill", "illway"), ("overcoming", "overcomingway"),
        ("apple", "appleway"), ("equal", "equalway"), ("under", "underway"),
    ])
    func vowelInitialGetsWay(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("the leading consonant run moves to the end before \"ay\"", arguments: [
        ("team", "eamtay"), ("shopping", "oppingshay"), ("went", "entway"), ("the", "ethay"),
        ("conditioning", "onditioningcay"), ("working", "orkingway"), ("string", "ingstray"),
    ])
    func consonantRunMoves(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("\"qu\" stays together in the consonant run", arguments: [
        ("square", "aresquay"), ("queen", "eenquay"), ("question", "estionquay"), ("quiet", "ietquay"),
        ("squirrel", "irrelsquay"),
    ])
    func quStaysTogether(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("a \"q\" without \"u\" is an ordinary consonant")
    func qWithoutU() {
        #expect(PigLatin.translateWord("qatar") == "atarqay")
    }

    @Test("\"y\" ends the consonant run without being a vowel", arguments: [
        ("yeah", "yeahay"), ("yellow", "yelloway"),
        ("by", "ybay"), ("my", "ymay"), ("rhythm", "ythmrhay"), ("y", "yay"),
    ])
    func yEndsTheRun(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("a hyphenated word is transformed part by part", arguments: [
        ("ill-natured", "illway-aturednay"), ("by-and-by", "ybay-andway-ybay"),
        ("good-for-nothing", "oodgay-orfay-othingnay"), ("self-evident", "elfsay-evidentway"),
    ])
    func hyphenatedPartByPart(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("a sentence is translated word by word")
    func sentenceWordByWord() {
        #expect(PigLatin.translateSentence("i went shopping") == "iway entway oppingshay")
        #expect(PigLatin.translateSentence("the air conditioning is working")
            == "ethay airway onditioningcay isway orkingway")
    }

    @Test("sentence whitespace collapses to single spaces")
    func sentenceWhitespace() {
        #expect(PigLatin.translateSentence("  i\twent \n shopping ") == "iway entway oppingshay")
        #expect(PigLatin.translateSentence("") == "")
    }

    @Test("empty parts stay empty, keeping every hyphen")
    func emptyParts() {
        #expect(PigLatin.translateWord("a--b") == "away--bay")
        #expect(PigLatin.translateWord("-and") == "-andway")
        #expect(PigLatin.translateWord("to-") == "otay-")
        #expect(PigLatin.translateWord("-") == "-")
        #expect(PigLatin.translateWord("") == "")
    }

    @Test("a word without a e i o u y moves whole, i.e. gets \"ay\"", arguments: [
        ("hmm", "hmmay"), ("mp", "mpay"), ("md", "mday"), ("nth", "nthay"), ("b", "bay"),
    ])
    func noVowelAtAll(word: String, expected: String) {
        #expect(PigLatin.translateWord(word) == expected)
    }

    @Test("uppercase is lowered")
    func uppercaseIsLowered() {
        #expect(PigLatin.translateWord("Team") == "eamtay")
        #expect(PigLatin.translateSentence("I went SHOPPING") == "iway entway oppingshay")
    }
}
