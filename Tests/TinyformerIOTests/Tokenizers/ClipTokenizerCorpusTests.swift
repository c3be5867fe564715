// The CLIP tokenizer against Hugging Face's slow CLIPTokenizer (no ftfy) on the committed corpus
// (Fixtures/tokenizers, written by Scripts/make_clip_fixtures.py).
import Foundation
import Testing
import TinyformerIO


/// One line of clip_expected.jsonl: the BPE tokens and the unpadded ids (start … end, cut to 77).
private struct ExpectedLine: Decodable {
    let tokens: [String]
    let ids: [Int]
}

/// One case of clip_variants.json.
private struct Variant: Decodable {
    let texts: [String]
    let input_ids: [[Int]]
    let attention_mask: [[Int]]
    let tokens: [[String]]?
}

private func jsonLines<T: Decodable>(_ name: String, as type: T.Type) throws -> [T] {
    let text = try String(contentsOf: tokenizerFixtures.appendingPathComponent(name), encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
}

private func variants() throws -> [String: Variant] {
    try JSONDecoder().decode([String: Variant].self,
                             from: Data(contentsOf: tokenizerFixtures.appendingPathComponent("clip_variants.json")))
}

private let sharedTokenizer = Result { try ClipTokenizer(directory: tokenizerFixtures.appendingPathComponent("clip")) }

@Suite struct ClipTokenizerCorpusTests {
    @Test func everyCorpusLineGivesHuggingFaceTokensAndIDs() throws {
        let tokenizer = try sharedTokenizer.get()
        let texts = try jsonLines("clip_corpus.jsonl", as: String.self)
        let expected = try jsonLines("clip_expected.jsonl", as: ExpectedLine.self)
        #expect(texts.count == expected.count && texts.count >= 400)
        var mismatches = 0
        for (index, (text, want)) in zip(texts, expected).enumerated() {
            let tokens = tokenizer.tokenize(text)
            let encoding = try tokenizer.encode(text)
            let padded = want.ids + Array(repeating: 49407, count: 77 - want.ids.count)
            let mask = Array(repeating: 1, count: want.ids.count) + Array(repeating: 0, count: 77 - want.ids.count)
            if tokens != want.tokens || encoding.inputIDs != padded || encoding.attentionMask != mask {
                mismatches += 1
                if mismatches == 1 {
                    let at = zip(tokens, want.tokens).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                        ?? min(tokens.count, want.tokens.count)
                    Issue.record("""
                        line \(index + 1) \(String(reflecting: text)): first difference at token \(at)
                          Swift  (\(tokens.count)): \(tokens)
                          Python (\(want.tokens.count)): \(want.tokens)
                          Swift ids:  \(encoding.inputIDs.prefix(want.ids.count + 1))
                          Python ids: \(want.ids)
                        """)
                }
            }
        }
        print("CLIP tokenizer corpus: \(texts.count - mismatches) of \(texts.count) lines identical to HF's slow CLIPTokenizer")
        #expect(mismatches == 0, "\(mismatches) of \(texts.count) lines differ")
    }

    @Test func batchesArePaddedToTheLongestRow() throws {
        let tokenizer = try sharedTokenizer.get()
        let v = try #require(variants()["batch_longest"])
        let batch = try tokenizer.encodeBatch(v.texts)
        #expect(batch.inputIDs == v.input_ids)
        #expect(batch.attentionMask == v.attention_mask)
        #expect(batch.length == 14)
        #expect(batch.flatInputIDs?.count == 4 * 14)
    }

    @Test func batchesPaddedToAMaxLengthAreTruncatedKeepingTheEndToken() throws {
        let tokenizer = try sharedTokenizer.get()
        let v = try #require(variants()["batch_max_length_12"])
        let batch = try tokenizer.encodeBatch(v.texts, maxLength: 12, padding: .maxLength)
        #expect(batch.inputIDs == v.input_ids)
        #expect(batch.attentionMask == v.attention_mask)
        #expect(batch.rows.allSatisfy { $0.inputIDs.contains(49407) })
    }

    @Test func withoutTruncationALongTextKeepsEveryToken() throws {
        let tokenizer = try sharedTokenizer.get()
        let v = try #require(variants()["no_truncation"])
        let encoding = try tokenizer.encode(v.texts[0], padding: .none, truncation: false)
        #expect(encoding.inputIDs == v.input_ids[0])
        #expect(encoding.count > 77)
        #expect(encoding.attentionMask == v.attention_mask[0])
    }

    @Test func anExclamationMarkPadTokenIsKeptWholeAndPads() throws {
        // LAION's CLIPs pad with "!" (id 0); as a special token it is never merged with its neighbours.
        let clip = tokenizerFixtures.appendingPathComponent("clip")
        let tokenizer = try ClipTokenizer(vocabularyURL: clip.appendingPathComponent("vocab.json"),
                                          mergesURL: clip.appendingPathComponent("merges.txt"), padToken: "!")
        let v = try #require(variants()["pad_bang_16"])
        #expect(v.texts.map(tokenizer.tokenize) == v.tokens)
        let batch = try tokenizer.encodeBatch(v.texts, maxLength: 16, padding: .maxLength)
        #expect(batch.inputIDs == v.input_ids)
        #expect(batch.attentionMask == v.attention_mask)
        #expect(tokenizer.padTokenID == 0)
    }

    @Test func theEndTokenPositionIsTheLastUnmaskedOne() throws {
        let tokenizer = try sharedTokenizer.get()
        let encoding = try tokenizer.encode("a photo of a cat")
        #expect(encoding.endPosition == 6)
        #expect(encoding.inputIDs[encoding.endPosition] == tokenizer.endTokenID)
    }

    @Test func encodingIsTheSameFromManyThreadsAtOnce() async throws {
        let tokenizer = try sharedTokenizer.get()
        let texts = try jsonLines("clip_corpus.jsonl", as: String.self)
        let serial = try texts.map { try tokenizer.encode($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, ClipEncoding).self) { group in
            for (i, text) in texts.enumerated() { group.addTask { (i, try tokenizer.encode(text)) } }
            var results = [ClipEncoding?](repeating: nil, count: texts.count)
            for try await (i, e) in group { results[i] = e }
            return results
        }
        #expect(parallel == serial.map { Optional($0) })
    }
}
