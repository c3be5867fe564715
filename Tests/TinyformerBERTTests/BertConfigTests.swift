// config.json: Hugging Face's keys and defaults, round trips, and the typed errors listing every
// unsupported setting.
import Foundation
import Testing
import TinyformerBERT
import TinyformerTestSupport

@Suite struct BertConfigTests {
    static func decode(_ json: String) throws -> BertConfig {
        try JSONDecoder().decode(BertConfig.self, from: Data(json.utf8))
    }

    @Test func theFixtureConfigReadsWithItsLabels() throws {
        let config = try BertConfig.read(from: TinyBert.folder.appendingPathComponent("config.json"))
        #expect(config.vocabularySize == 40 && config.hiddenSize == 16 && config.layers == 2 && config.heads == 4)
        #expect(config.intermediateSize == 32 && config.maxPositions == 12 && config.hiddenDropout == 0)
        #expect(config.layerNormEpsilon == 1e-12 && config.paddingTokenID == 0)
        #expect(config.labels == ["negative", "zero", "positive"])
    }

    @Test func absentKeysTakeTransformersDefaults() throws {
        let config = try Self.decode("{}")
        var defaults = BertConfig()
        defaults.modelType = nil
        #expect(config == defaults)
        #expect(config.vocabularySize == 30522 && config.hiddenSize == 768 && config.layers == 12)
        try config.validate(source: "test")
    }

    @Test func encodingAndDecodingRoundTrips() throws {
        let config = BertConfig(vocabularySize: 100, hiddenSize: 32, layers: 3, heads: 4, intermediateSize: 64,
                                hiddenDropout: 0.2, paddingTokenID: nil, classifierDropout: 0.3,
                                labels: ["a", "b", "c"], architectures: ["BertForSequenceClassification"])
        let decoded = try JSONDecoder().decode(BertConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
    }

    @Test func everyUnsupportedSettingIsListedInOneError() throws {
        let config = try Self.decode(#"{"model_type": "roberta", "hidden_act": "silu", "position_embedding_type": "relative_key", "is_decoder": true}"#)
        guard case let .unsupportedConfiguration(source, problems)? = caught(BertError.self, {
            try config.validate(source: "some/config.json")
        }) else { return }
        #expect(source == "some/config.json")
        #expect(problems.count == 4)
        #expect(problems[0].contains("roberta") && problems[1].contains("silu") && problems[1].contains("\"gelu\""))
        #expect(problems[2].contains("relative_key") && problems[3].contains("is_decoder"))
    }

    @Test(arguments: [
        (#"{"hidden_size": 30, "num_attention_heads": 4}"#, "num_attention_heads"),
        (#"{"vocab_size": 0}"#, "vocab_size"),
        (#"{"hidden_dropout_prob": 1.0}"#, "hidden_dropout_prob"),
        (#"{"pad_token_id": 30522}"#, "pad_token_id"),
        (#"{"layer_norm_eps": -1}"#, "layer_norm_eps"),
        (#"{"num_hidden_layers": 0}"#, "num_hidden_layers"),
    ])
    func outOfRangeValuesAreRejectedByKey(json: String, key: String) throws {
        let error = caught(BertError.self) { try Self.decode(json).validate(source: "c") }
        guard case let .invalidConfiguration(_, found, _, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(found == key)
    }

    @Test func aMissingOrMalformedConfigNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        #expect(throws: BertError.missingFile(path: url.path, hint: "a Hugging Face BERT folder holds config.json next to model.safetensors")) {
            try BertConfig.read(from: url)
        }
        try Data(#"{"hidden_size": "big"}"#.utf8).write(to: url)
        guard case let .unreadableFile(path, reason)? = caught(BertError.self, { _ = try BertConfig.read(from: url) }) else { return }
        #expect(path == url.path && reason.contains("hidden_size"))
    }
}
