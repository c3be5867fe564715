// WordPiece itself: greedy longest match, `##` continuation, the 100-code-point limit, [UNK],
// special tokens written in the text.
import Testing
import TinyformerIO

@Suite struct WordPieceTests {
    @Test func wordsSplitIntoTheLongestPiecesFirst() throws {
        let tokenizer = try smallTokenizer(["un", "una", "##ff", "##aff", "##able", "##a", "##ble", "aff"])
        #expect(tokenizer.tokenize("unaffable") == ["una", "##ff", "##able"])
        #expect(tokenizer.tokenize("unable") == ["una", "##ble"])
    }

    @Test func continuationPiecesNeedTheHashPrefix() throws {
        // "aff" exists only as a word start: inside a word only "##aff" could match.
        let tokenizer = try smallTokenizer(["un", "aff", "##able"])
        #expect(tokenizer.tokenize("unaffable") == ["[UNK]"])
        #expect(tokenizer.tokenize("aff unaff") == ["aff", "[UNK]"])
    }

    @Test func aWordWithAnUncoverablePartIsOneUnknownToken() throws {
        let tokenizer = try smallTokenizer(["play", "##ing", "##s"])
        #expect(tokenizer.tokenize("playing plays playx play") == ["play", "##ing", "play", "##s", "[UNK]", "play"])
    }

    @Test func wordsOfMoreThan100CodePointsAreUnknown() throws {
        let tokenizer = try smallTokenizer(["a", "##a"])
        #expect(tokenizer.tokenize(String(repeating: "a", count: 100)) == ["a"] + Array(repeating: "##a", count: 99))
        #expect(tokenizer.tokenize(String(repeating: "a", count: 101)) == ["[UNK]"])
    }

    @Test func theLimitCountsCodePointsAfterNormalization() throws {
        let tokenizer = try smallTokenizer(["e", "##e"])
        // 100 × "e" + U+0301: 200 code points in, 100 after accents are stripped.
        #expect(tokenizer.tokenize(String(repeating: "e\u{301}", count: 100)).count == 100)
        let cased = try smallTokenizer(["e", "##e", "##\u{301}"], lowercase: false)
        #expect(cased.tokenize(String(repeating: "e\u{301}", count: 100)) == ["[UNK]"])
        #expect(cased.tokenize(String(repeating: "e\u{301}", count: 50)).count == 100)
    }

    @Test func punctuationAndWhitespaceEndWords() throws {
        let tokenizer = try smallTokenizer(["hello", "world", ",", "!"])
        #expect(tokenizer.tokenize("Hello,world !") == ["hello", ",", "world", "!"])
    }

    @Test func specialTokensInTheTextAreMatchedExactlyBeforeNormalization() throws {
        let tokenizer = try smallTokenizer(["hello", "x", "y", "mask", "[", "]"])
        #expect(tokenizer.tokenize("hello [MASK] x[SEP]y") == ["hello", "[MASK]", "x", "[SEP]", "y"])
        #expect(tokenizer.tokenize("[mask]") == ["[", "mask", "]"])
        #expect(tokenizer.tokenIDs("[CLS][PAD]") == [2, 0])
    }

    @Test func tokensAreComparedByCodePointsNotCanonicalEquivalence() throws {
        let tokenizer = try smallTokenizer(["caf\u{E9}"], lowercase: false, stripAccents: false)
        #expect(tokenizer.tokenize("caf\u{E9}") == ["caf\u{E9}"])
        #expect(tokenizer.tokenize("cafe\u{301}") == ["[UNK]"])
    }

    @Test func emptyAndBlankTextHaveNoTokens() throws {
        let tokenizer = try smallTokenizer(["a"])
        #expect(tokenizer.tokenize("").isEmpty)
        #expect(tokenizer.tokenize(" \t\n\u{200B}").isEmpty)
    }

    @Test func miniLMSplitsARealSentence() throws {
        let tokenizer = try miniLMTokenizer.get()
        #expect(tokenizer.tokenize("Marianne’s sensibility, unaccountably!")
                == ["marianne", "’", "s", "sen", "##sibility", ",", "una", "##cco", "##unt", "##ably", "!"])
    }
}
