// Loading vocab.txt and tokenizer_config.json: what is accepted and the errors for what is not.
import Foundation
import Testing
import TinyformerIO

@Suite struct WordPieceVocabularyTests {
    private let specials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n"

    /// Writes `bytes` as vocab.txt (plus optional `files`) into a fresh directory and runs `body`.
    private func withModel<T>(_ bytes: [UInt8], files: [String: String] = [:],
                              _ body: (URL) throws -> T) throws -> T {
        try withTemporaryDirectory { directory in
            try Data(bytes).write(to: directory.appendingPathComponent("vocab.txt"))
            for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
            return try body(directory)
        }
    }

    private func loadError(_ text: String) throws -> TokenizerError? {
        try withModel(Array(text.utf8)) { directory in
            tokenizerError { () throws(TokenizerError) in try WordPieceTokenizer(modelDirectory: directory) }
        }
    }

    @Test func idsAreLineNumbersFromZero() throws {
        let vocabulary = try WordPieceVocabulary(tokens: ["[PAD]", "hello", "##lo"])
        #expect(vocabulary.id(of: "hello") == 1)
        #expect(vocabulary.id(of: "##lo") == 2)
        #expect(vocabulary.id(of: "hell") == nil)
        #expect(vocabulary.token(for: 2) == "##lo")
        #expect(vocabulary.token(for: 3) == nil)
    }

    @Test func crlfLineEndsAndAMissingFinalNewlineAreAccepted() throws {
        try withModel(Array("[PAD]\r\n[UNK]\r\n[CLS]\n[SEP]".utf8)) { directory in
            let vocabulary = try WordPieceVocabulary(contentsOf: directory.appendingPathComponent("vocab.txt"))
            #expect(vocabulary.tokens == ["[PAD]", "[UNK]", "[CLS]", "[SEP]"])
        }
    }

    @Test func anEmptyFileIsAnError() throws {
        let error = try loadError("")
        #expect(error == .emptyVocabulary(source: error.map(source) ?? ""))
        #expect(error?.description.contains("vocab.txt") == true)
    }

    @Test func anEmptyLineIsAnErrorNamingTheLine() throws {
        let error = try loadError(specials + "a\n\nb\n")
        guard case let .emptyToken(path, line) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(line == 7)
        #expect(path.hasSuffix("vocab.txt"))
        #expect(error?.description.contains("vocab.txt:7") == true)
    }

    @Test func aDuplicateTokenIsAnErrorNamingBothLines() throws {
        let error = try loadError(specials + "word\nother\nword\n")
        guard case let .duplicateToken(_, line, token, firstLine) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect((line, token, firstLine) == (8, "word", 6))
    }

    @Test func canonicallyEquivalentTokensAreNotDuplicates() throws {
        let vocabulary = try WordPieceVocabulary(tokens: ["caf\u{E9}", "cafe\u{301}"])
        #expect(vocabulary.id(of: "caf\u{E9}") == 0)
        #expect(vocabulary.id(of: "cafe\u{301}") == 1)
    }

    @Test func invalidUTF8IsAnErrorNamingTheLine() throws {
        let error = try withModel(Array(specials.utf8) + [0x61, 0xFF, 0x0A]) { directory in
            tokenizerError { () throws(TokenizerError) in try WordPieceTokenizer(modelDirectory: directory) }
        }
        guard case let .invalidUTF8(_, line) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(line == 6)
    }

    @Test(arguments: [("[UNK]", "unk_token"), ("[CLS]", "cls_token"), ("[SEP]", "sep_token"), ("[PAD]", "pad_token")])
    func aMissingSpecialTokenIsAnError(token: String, role: String) throws {
        let text = specials.split(separator: "\n").filter { $0 != token }.joined(separator: "\n") + "\nword\n"
        let error = try loadError(text)
        guard case let .missingSpecialToken(path, gotRole, gotToken) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("vocab.txt"))
        #expect((gotRole, gotToken) == (role, token))
    }

    @Test func theMaskTokenIsOptional() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: WordPieceVocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]))
        #expect(tokenizer.maskID == nil)
    }

    @Test func aMissingVocabularyIsAnUnreadableFile() throws {
        try withTemporaryDirectory { directory in
            let error = tokenizerError { () throws(TokenizerError) in try WordPieceTokenizer(modelDirectory: directory) }
            guard case let .unreadableFile(path, _) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(path.hasSuffix("vocab.txt"))
        }
    }

    @Test func tokenizerConfigSetsCaseAccentsLengthAndTokenNames() throws {
        let config = """
            {"do_lower_case": false, "strip_accents": true, "tokenize_chinese_chars": false,
             "model_max_length": 128, "unk_token": {"content": "<unk>", "special": true}, "pad_token": "<pad>"}
            """
        let vocabulary = "<pad>\n<unk>\n[CLS]\n[SEP]\nCafe\n"
        let tokenizer = try withModel(Array(vocabulary.utf8), files: ["tokenizer_config.json": config]) { directory in
            try WordPieceTokenizer(modelDirectory: directory)
        }
        #expect(tokenizer.normalizer == BertNormalizer(lowercase: false, stripAccents: true, handleChineseCharacters: false))
        #expect(tokenizer.modelMaxLength == 128)
        #expect((tokenizer.unknownID, tokenizer.paddingID) == (1, 0))
        #expect(tokenizer.tokenize("Café café") == ["Cafe", "<unk>"])
    }

    @Test func aHugeModelMaxLengthMeansNoLimit() throws {
        let config = #"{"model_max_length": 1000000000000000019884624838656}"#
        let tokenizer = try withModel(Array(specials.utf8), files: ["tokenizer_config.json": config]) { directory in
            try WordPieceTokenizer(modelDirectory: directory)
        }
        #expect(tokenizer.modelMaxLength == nil)
    }

    @Test func specialTokensMapOverridesTokenizerConfig() throws {
        let vocabulary = "[PAD]\n[UNK]\n<s>\n</s>\n[CLS]\n[SEP]\n"
        let tokenizer = try withModel(Array(vocabulary.utf8), files: [
            "tokenizer_config.json": #"{"cls_token": "[CLS]", "sep_token": "[SEP]"}"#,
            "special_tokens_map.json": #"{"cls_token": "<s>", "sep_token": "</s>"}"#,
        ]) { directory in try WordPieceTokenizer(modelDirectory: directory) }
        #expect((tokenizer.classifierID, tokenizer.separatorID) == (2, 3))
    }

    @Test(arguments: [
        (#"{"do_lower_case": "yes"}"#, "do_lower_case"),
        (#"{"do_lower_case": 1}"#, "do_lower_case"),
        (#"{"model_max_length": -5}"#, "model_max_length"),
        (#"{"model_max_length": 1.5}"#, "model_max_length"),
        (#"{"cls_token": 7}"#, "cls_token"),
        (#"[1, 2]"#, nil),
        (#"{"do_lower_case": tru"#, nil),
    ] as [(String, String?)])
    func aMalformedConfigurationIsAnErrorNamingFileAndKey(config: String, key: String?) throws {
        let error = try withModel(Array(specials.utf8), files: ["tokenizer_config.json": config]) { directory in
            tokenizerError { () throws(TokenizerError) in try WordPieceTokenizer(modelDirectory: directory) }
        }
        guard case let .invalidConfiguration(path, gotKey, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("tokenizer_config.json"))
        #expect(gotKey == key)
    }
}

/// The `source` of a loading error.
private func source(_ error: TokenizerError) -> String {
    switch error {
    case let .unreadableFile(source, _), let .emptyVocabulary(source), let .invalidUTF8(source, _),
         let .emptyToken(source, _), let .duplicateToken(source, _, _, _), let .missingSpecialToken(source, _, _),
         let .invalidConfiguration(source, _, _):
        return source
    default:
        return ""
    }
}
