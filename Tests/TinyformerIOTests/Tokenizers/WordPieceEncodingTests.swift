// encode: special tokens, token types, longest_first truncation, padding, batches and their errors.
import Testing
import TinyformerIO

@Suite struct WordPieceEncodingTests {
    /// Ids 5... are "a" ... "j".
    private let letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]

    @Test func aSingleTextIsWrappedInClassifierAndSeparator() throws {
        let encoding = try smallTokenizer(letters).encode("a b")
        #expect(encoding.tokens == ["[CLS]", "a", "b", "[SEP]"])
        #expect(encoding.inputIDs == [2, 5, 6, 3])
        #expect(encoding.tokenTypeIDs == [0, 0, 0, 0])
        #expect(encoding.attentionMask == [1, 1, 1, 1])
    }

    @Test func aPairGetsTokenTypeOneForTheSecondPart() throws {
        let encoding = try smallTokenizer(letters).encode("a b", pair: "c")
        #expect(encoding.tokens == ["[CLS]", "a", "b", "[SEP]", "c", "[SEP]"])
        #expect(encoding.tokenTypeIDs == [0, 0, 0, 0, 1, 1])
    }

    @Test func truncationCutsASingleTextFromTheRight() throws {
        let encoding = try smallTokenizer(letters).encode("a b c d e", maxLength: 4)
        #expect(encoding.tokens == ["[CLS]", "a", "b", "[SEP]"])
    }

    @Test func longestFirstCutsOnlyTheLongerWhenTheShorterFits() throws {
        let encoding = try smallTokenizer(letters).encode("a", pair: "b c d e f g h", maxLength: 8)
        #expect(encoding.tokens == ["[CLS]", "a", "[SEP]", "b", "c", "d", "e", "[SEP]"])
    }

    @Test func longestFirstSplitsTheBudgetWhenBothAreLong() throws {
        // Budget 7 - 3 = 4 for lengths (5, 3): Hugging Face gives (2, 2), not (3, 1).
        let encoding = try smallTokenizer(letters).encode("a b c d e", pair: "f g h", maxLength: 7)
        #expect(encoding.tokens == ["[CLS]", "a", "b", "[SEP]", "f", "g", "[SEP]"])
        // Odd budget 5 for (6, 6): the first keeps 2, the second 3.
        let odd = try smallTokenizer(letters).encode("a b c d e f", pair: "a b c d e f", maxLength: 8)
        #expect(odd.tokens == ["[CLS]", "a", "b", "[SEP]", "a", "b", "c", "[SEP]"])
    }

    @Test func maxLengthEqualToTheSpecialTokensLeavesThemAlone() throws {
        let tokenizer = try smallTokenizer(letters)
        #expect(try tokenizer.encode("a b", maxLength: 2).tokens == ["[CLS]", "[SEP]"])
        #expect(try tokenizer.encode("a", pair: "b", maxLength: 3).tokens == ["[CLS]", "[SEP]", "[SEP]"])
    }

    @Test func maxLengthBelowTheSpecialTokensIsAnError() throws {
        let tokenizer = try smallTokenizer(letters)
        #expect(tokenizerError { () throws(TokenizerError) in try tokenizer.encode("a", maxLength: 1) }
                == .maxLengthTooSmall(maxLength: 1, required: 2))
        #expect(tokenizerError { () throws(TokenizerError) in try tokenizer.encode("a", pair: "b", maxLength: 2) }
                == .maxLengthTooSmall(maxLength: 2, required: 3))
        #expect(tokenizerError { () throws(TokenizerError) in try tokenizer.encode("a", maxLength: -1, truncation: false) }
                == .invalidLength(name: "maxLength", value: -1))
        #expect(tokenizerError { () throws(TokenizerError) in try tokenizer.encode("a", padding: .maxLength(-3)) }
                == .invalidLength(name: "padding length", value: -3))
    }

    @Test func withoutTruncationMaxLengthIsIgnored() throws {
        let encoding = try smallTokenizer(letters).encode("a b c d e", maxLength: 1, truncation: false)
        #expect(encoding.count == 7)
    }

    @Test func truncationDefaultsToTheModelMaximumLength() throws {
        let tokenizer = try smallTokenizer(letters, modelMaxLength: 5)
        #expect(try tokenizer.encode("a b c d e").tokens == ["[CLS]", "a", "b", "c", "[SEP]"])
        let unlimited = try smallTokenizer(letters, modelMaxLength: nil)
        #expect(try unlimited.encode("a b c d e").count == 7)
    }

    @Test func paddingToMaxLengthAddsMaskedPadTokens() throws {
        let encoding = try smallTokenizer(letters).encode("a", pair: "b", padding: .maxLength(8))
        #expect(encoding.tokens == ["[CLS]", "a", "[SEP]", "b", "[SEP]", "[PAD]", "[PAD]", "[PAD]"])
        #expect(encoding.inputIDs.suffix(3) == [0, 0, 0])
        #expect(encoding.attentionMask == [1, 1, 1, 1, 1, 0, 0, 0])
        #expect(encoding.tokenTypeIDs == [0, 0, 0, 1, 1, 0, 0, 0])
    }

    @Test func paddingLengthIsAlsoTheTruncationLimit() throws {
        let encoding = try smallTokenizer(letters).encode("a b c d e", padding: .maxLength(4))
        #expect(encoding.tokens == ["[CLS]", "a", "b", "[SEP]"])
    }

    @Test func batchesArePaddedToTheLongestRow() throws {
        let rows = try smallTokenizer(letters).encode(["a", "a b c", ""])
        #expect(rows.map(\.count) == [5, 5, 5])
        #expect(rows[0].attentionMask == [1, 1, 1, 0, 0])
        #expect(rows[2].tokens == ["[CLS]", "[SEP]", "[PAD]", "[PAD]", "[PAD]"])
    }

    @Test func batchesOfPairsAreTruncatedAndPaddedToMaxLength() throws {
        let rows = try smallTokenizer(letters).encode(["a b c d", "a"], pairs: ["e f g", "b"], maxLength: 6,
                                                      padding: .maxLength(6))
        #expect(rows.map(\.tokens) == [["[CLS]", "a", "b", "[SEP]", "e", "[SEP]"],
                                       ["[CLS]", "a", "[SEP]", "b", "[SEP]", "[PAD]"]])
    }

    @Test func batchesWithoutPaddingStayRagged() throws {
        let rows = try smallTokenizer(letters).encode(["a", "a b"], padding: .none)
        #expect(rows.map(\.count) == [3, 4])
    }

    @Test func aBatchNeedsOnePairPerText() throws {
        let tokenizer = try smallTokenizer(letters)
        #expect(tokenizerError { () throws(TokenizerError) in try tokenizer.encode(["a", "b"], pairs: ["c"]) }
                == .pairCountMismatch(texts: 2, pairs: 1))
    }
}
