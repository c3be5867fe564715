// The WordPiece tokenizer against Hugging Face's BertTokenizerFast on the committed corpus and
// cases (Fixtures/tokenizers, written by Scripts/make_tokenizer_fixtures.py).
import Foundation
import Testing
import TinyformerIO

/// One line of bert_cases.jsonl: a batch (often of one) and what Hugging Face returned for it.
private struct EncodingCase: Decodable {
    let name: String
    let texts: [String]
    let pairs: [String]?
    let max_length: Int?
    let truncation: Bool
    let padding: String
    let input_ids: [[Int]]
    let token_type_ids: [[Int]]
    let attention_mask: [[Int]]
}

@Suite struct WordPieceGoldenTests {
    @Test func everyCorpusLineEncodesToTheIDsOfHuggingFace() throws {
        let tokenizer = try miniLMTokenizer.get()
        let corpus = try jsonLines(String.self, "bert_corpus.jsonl")
        let expected = try jsonLines([Int].self, "bert_expected.jsonl")
        #expect(corpus.count >= 2000)
        try #require(corpus.count == expected.count)
        var mismatches: [Int] = []
        for (i, line) in corpus.enumerated() where try tokenizer.encode(line, truncation: false).inputIDs != expected[i] {
            mismatches.append(i)
        }
        if let first = mismatches.first {
            let got = try tokenizer.encode(corpus[first], truncation: false).tokens
            let want = expected[first].map { tokenizer.vocabulary.token(for: $0) ?? "<\($0)?>" }
            Issue.record("""
                \(mismatches.count) of \(corpus.count) lines differ; the first is line \(first + 1): \
                "\(visible(corpus[first]))"
                  Swift:        \(got)
                  Hugging Face: \(want)
                """)
        }
    }

    @Test func pairsTruncationPaddingAndBatchesMatchHuggingFace() throws {
        let tokenizer = try miniLMTokenizer.get()
        let cases = try jsonLines(EncodingCase.self, "bert_cases.jsonl")
        #expect(cases.count > 500)
        var failures: [String] = []
        for c in cases {
            let padding: WordPieceTokenizer.Padding
            switch c.padding {
            case "longest": padding = .longest
            case "max_length": padding = .maxLength(c.max_length ?? -1)
            default: padding = .none
            }
            let rows = try tokenizer.encode(c.texts, pairs: c.pairs, maxLength: c.max_length,
                                            truncation: c.truncation, padding: padding)
            let same = rows.map(\.inputIDs) == c.input_ids && rows.map(\.tokenTypeIDs) == c.token_type_ids
                && rows.map(\.attentionMask) == c.attention_mask
            if !same {
                let want = c.input_ids.map { $0.map { tokenizer.vocabulary.token(for: $0) ?? "?" } }
                failures.append("\(c.name): Swift \(rows.map(\.tokens)) types \(rows.map(\.tokenTypeIDs)), "
                                + "Hugging Face \(want) types \(c.token_type_ids)")
            }
            if c.texts.count == 1 {  // the single-text form agrees with the batch form
                let single = try tokenizer.encode(c.texts[0], pair: c.pairs?[0], maxLength: c.max_length,
                                                  truncation: c.truncation, padding: padding)
                if single != rows[0] { failures.append("\(c.name): single and batch forms differ") }
            }
        }
        if let first = failures.first {
            Issue.record("\(failures.count) of \(cases.count) cases differ; the first: \(first)")
        }
    }

    @Test func miniLMConfigurationIsReadFromTheModelFolder() throws {
        let tokenizer = try miniLMTokenizer.get()
        #expect(tokenizer.vocabulary.count == 30522)
        #expect(tokenizer.normalizer == BertNormalizer(lowercase: true, stripAccents: nil, handleChineseCharacters: true))
        #expect(tokenizer.modelMaxLength == 512)
        let ids: [Int] = [tokenizer.paddingID, tokenizer.unknownID, tokenizer.classifierID, tokenizer.separatorID]
        #expect(ids == [0, 100, 101, 102])
        #expect(tokenizer.maskID == 103)
    }
}
