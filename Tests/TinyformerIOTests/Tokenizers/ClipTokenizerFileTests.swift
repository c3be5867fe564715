// Loading the CLIP tokenizer's files: configuration, and typed errors naming the file and line.
import Foundation
import Testing
import TinyformerIO

private let clipFixture = packageRoot.appendingPathComponent("Fixtures/tokenizers/clip")

/// A tiny self-consistent vocabulary: bytes of "abc", their `</w>` forms, two merges, specials.
private let tinyVocabulary = #"{"a":0,"b":1,"c":2,"a</w>":3,"b</w>":4,"c</w>":5,"ab":6,"abc</w>":7,"<|startoftext|>":8,"<|endoftext|>":9}"#
private let tinyMerges = "#version: 0.2\na b\nab c</w>\n"

/// Writes `files` into a fresh folder and runs `body` on it.
private func withFiles<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return try body(directory)
    }
}

private func loadError(_ files: [String: String]) throws -> ClipTokenizerError? {
    try withFiles(files) { directory -> ClipTokenizerError? in
        do throws(ClipTokenizerError) {
            _ = try ClipTokenizer(directory: directory)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct ClipTokenizerFileTests {
    @Test func directoryConfigurationSetsTheSpecialTokensAndContextLength() throws {
        let tokenizer = try ClipTokenizer(directory: clipFixture)
        #expect(tokenizer.vocabularySize == 49_408)
        #expect(tokenizer.contextLength == 77)
        #expect((tokenizer.startTokenID, tokenizer.endTokenID, tokenizer.padTokenID) == (49406, 49407, 49407))
    }

    @Test func specialTokensMapOverridesTheTokenizerConfig() throws {
        let tokenizer = try withFiles([
            "vocab.json": tinyVocabulary, "merges.txt": tinyMerges,
            "tokenizer_config.json": #"{"pad_token": "<|endoftext|>", "model_max_length": 5}"#,
            "special_tokens_map.json": #"{"pad_token": {"content": "c</w>", "special": true}}"#,
        ]) { try ClipTokenizer(directory: $0) }
        #expect(tokenizer.padToken == "c</w>" && tokenizer.padTokenID == 5)
        #expect(tokenizer.contextLength == 5)
        #expect(try tokenizer.encode("abc abc abc abc").inputIDs == [8, 7, 7, 7, 9])
        #expect(try tokenizer.encode("b").inputIDs == [8, 4, 9, 5, 5])
    }

    @Test func unlimitedModelMaxLengthFallsBackToSeventySeven() throws {
        let tokenizer = try withFiles([
            "vocab.json": tinyVocabulary, "merges.txt": tinyMerges,
            "tokenizer_config.json": #"{"model_max_length": 1000000000000000019884624838656}"#,
        ]) { try ClipTokenizer(directory: $0) }
        #expect(tokenizer.contextLength == 77)
    }

    @Test func tinyVocabularyMergesByRank() throws {
        let tokenizer = try withFiles(["vocab.json": tinyVocabulary, "merges.txt": tinyMerges]) {
            try ClipTokenizer(directory: $0)
        }
        #expect(tokenizer.tokenize("ABC cab") == ["abc</w>", "c", "a", "b</w>"])
        #expect(tokenizer.tokenize("abc") == ["abc</w>"])
        #expect(tokenizer.tokenize("cab") == ["c", "a", "b</w>"])
        // Symbols missing from the vocabulary become the unknown token (here <|endoftext|>, 9).
        #expect(tokenizer.tokenIDs("ba") == [1, 3])
        #expect(tokenizer.tokenIDs("d") == [9])
    }

    @Test func missingVocabularyNamesTheFile() throws {
        let error = try loadError(["merges.txt": tinyMerges])
        guard case let .missingFile(path) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path.hasSuffix("vocab.json"))
    }

    @Test func vocabularyThatIsNotJSONNamesTheLineAndColumn() throws {
        let error = try loadError(["vocab.json": "{\n  \"a\": 0,\n  \"b\" 1\n}", "merges.txt": tinyMerges])
        guard case let .malformedVocabulary(path, line, column, problem) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("vocab.json") && line == 3 && column == 7)
        #expect(problem.contains("':'"))
        #expect(error?.description.contains("vocab.json:3:7") == true)
    }

    @Test func vocabularyEntryThatIsNotAnIntegerNamesTheTokenAndLine() throws {
        let error = try loadError(["vocab.json": "{\"a\": 0,\n\"b\": 1.5}", "merges.txt": tinyMerges])
        guard case let .invalidVocabularyEntry(path, line, token, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("vocab.json") && line == 2 && token == "b")
    }

    @Test func vocabularyEscapesAreDecoded() throws {
        let vocabulary = #"{"\u0061":0,"b":1,"c":2,"a</w>":3,"b\u003c/w>":4,"c</w>":5,"<|startoftext|>":8,"<|endoftext|>":9,"\ud83d\ude00":10}"#
        let tokenizer = try withFiles(["vocab.json": vocabulary, "merges.txt": "#version: 0.2\n"]) {
            try ClipTokenizer(directory: $0)
        }
        #expect(tokenizer.vocabulary["a"] == 0 && tokenizer.vocabulary["b</w>"] == 4 && tokenizer.vocabulary["😀"] == 10)
    }

    @Test func mergesLineWithoutTwoSymbolsNamesTheLine() throws {
        let error = try loadError(["vocab.json": tinyVocabulary, "merges.txt": "#version: 0.2\na b\nab c </w>\n"])
        guard case let .malformedMerges(path, line, content, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("merges.txt") && line == 3 && content == "ab c </w>")
        #expect(error?.description.contains("merges.txt:3") == true)
    }

    @Test func mergesWithWindowsLineEndsAreRead() throws {
        let tokenizer = try withFiles(["vocab.json": tinyVocabulary, "merges.txt": "#version: 0.2\r\na b\r\nab c</w>\r\n"]) {
            try ClipTokenizer(directory: $0)
        }
        #expect(tokenizer.tokenize("abc") == ["abc</w>"])
    }

    @Test func mergesThatAreNotUTF8NameTheLine() throws {
        let error = try withTemporaryDirectory { directory -> ClipTokenizerError? in
            try Data(tinyVocabulary.utf8).write(to: directory.appendingPathComponent("vocab.json"))
            try Data([0x23, 0x0A, 0x61, 0x20, 0x62, 0x0A, 0xFF, 0x20, 0x62, 0x0A]).write(to: directory.appendingPathComponent("merges.txt"))
            do throws(ClipTokenizerError) {
                _ = try ClipTokenizer(directory: directory)
                return nil
            } catch {
                return error
            }
        }
        guard case let .malformedMerges(_, line, _, expected) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(line == 3 && expected == "UTF-8 text")
    }

    @Test func specialTokenMissingFromTheVocabularyIsNamed() throws {
        let error = try loadError(["vocab.json": #"{"a": 0, "<|endoftext|>": 1}"#, "merges.txt": tinyMerges])
        guard case let .specialTokenNotInVocabulary(role, token, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(role == "start" && token == "<|startoftext|>")
    }

    @Test func badTokenizerConfigNamesTheFile() throws {
        let error = try loadError(["vocab.json": tinyVocabulary, "merges.txt": tinyMerges,
                                   "tokenizer_config.json": #"{"model_max_length": "long"}"#])
        guard case let .invalidConfiguration(path, reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path.hasSuffix("tokenizer_config.json") && reason.contains("model_max_length"))
    }

    @Test func maxLengthBelowTwoIsRefused() throws {
        let tokenizer = try ClipTokenizer(directory: clipFixture)
        #expect(throws: ClipTokenizerError.invalidMaxLength(1)) { try tokenizer.encode("a", maxLength: 1) }
        #expect(throws: ClipTokenizerError.invalidMaxLength(0)) { try tokenizer.encodeBatch(["a"], maxLength: 0) }
    }
}
