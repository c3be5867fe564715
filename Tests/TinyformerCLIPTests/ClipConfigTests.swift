// config.json decoding against the values transformers resolves (Fixtures/clip/configs.json),
// and the typed errors of unusable files.
import Foundation
import Testing
import TinyformerCLIP
import TinyformerTestSupport

@Suite struct ClipConfigTests {
    struct Case: Decodable {
        let name: String
        let input: AnyJSON
        let resolved: Resolved
    }

    struct Resolved: Decodable {
        let projection_dim: Int
        let logit_scale_init_value: Double
        let text_config: [String: AnyJSON]
        let vision_config: [String: AnyJSON]
    }

    /// Any JSON value, kept as bytes to hand back to the decoder under test.
    struct AnyJSON: Decodable {
        let value: Any
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = NSNull() }
            else if let v = try? c.decode(Int.self) { value = v }
            else if let v = try? c.decode(Double.self) { value = v }
            else if let v = try? c.decode(String.self) { value = v }
            else if let v = try? c.decode(Bool.self) { value = v }
            else if let v = try? c.decode([AnyJSON].self) { value = v.map(\.value) }
            else { value = try c.decode([String: AnyJSON].self).mapValues(\.value) }
        }
        var int: Int? { (value as? Int) ?? (value as? [Int])?.first }
        var double: Double? { (value as? Double) ?? (value as? Int).map(Double.init) }
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/clip/configs.json"))
        return try JSONDecoder().decode([Case].self, from: data)
    }

    @Test(arguments: try cases().map(\.name))
    func decodesToTheValuesTransformersResolves(name: String) throws {
        let fixture = try #require(try Self.cases().first { $0.name == name })
        let data = try JSONSerialization.data(withJSONObject: fixture.input.value)
        let config = try JSONDecoder().decode(ClipConfig.self, from: data)
        let r = fixture.resolved
        #expect(config.projectionDim == r.projection_dim)
        #expect(config.logitScaleInitValue == r.logit_scale_init_value)
        let t = config.textConfig, rt = r.text_config
        #expect([t.vocabSize, t.hiddenSize, t.intermediateSize, t.numHiddenLayers, t.numAttentionHeads, t.maxPositionEmbeddings, t.eosTokenID]
            == ["vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                "max_position_embeddings", "eos_token_id"].map { rt[$0]?.int ?? -1 })
        #expect(t.bosTokenID == rt["bos_token_id"]?.int && t.padTokenID == rt["pad_token_id"]?.int)
        #expect(t.hiddenAct == rt["hidden_act"]?.value as? String && t.layerNormEps == rt["layer_norm_eps"]?.double)
        let v = config.visionConfig, rv = r.vision_config
        #expect([v.hiddenSize, v.intermediateSize, v.numHiddenLayers, v.numAttentionHeads, v.numChannels, v.imageSize, v.patchSize]
            == ["hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_channels", "image_size",
                "patch_size"].map { rv[$0]?.int ?? -1 })
        #expect(v.hiddenAct == rv["hidden_act"]?.value as? String && v.layerNormEps == rv["layer_norm_eps"]?.double)
    }

    @Test func writtenConfigReadsBackEqual() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = smallConfig()
        let url = folder.appendingPathComponent("config.json")
        try config.write(to: url)
        #expect(try ClipConfig(contentsOf: url) == config)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains("\"model_type\" : \"clip\"") && text.contains("\"CLIPModel\""))
    }

    @Test func unsupportedActivationNamesTheKey() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Data(#"{"vision_config": {"hidden_act": "swish"}}"#.utf8).write(to: url)
        #expect {
            try ClipConfig(contentsOf: url)
        } throws: { error in
            guard case let ClipError.invalidConfiguration(path, key, _) = error else { return false }
            return path == url.path && key == "vision_config.hidden_act"
        }
    }

    @Test func wrongTypeNamesTheKey() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Data(#"{"text_config": {"hidden_size": "wide"}}"#.utf8).write(to: url)
        #expect {
            try ClipConfig(contentsOf: url)
        } throws: { error in
            guard case let ClipError.invalidConfiguration(_, key, _) = error else { return false }
            return key == "text_config.hidden_size"
        }
    }

    @Test func headsThatDoNotDivideTheWidthAreRejected() {
        var config = smallConfig()
        config.textConfig.numAttentionHeads = 3
        #expect(throws: ClipError.self) { try config.validate() }
    }

    @Test func nonSquareImageSizeIsRejected() throws {
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(ClipConfig.self, from: Data(#"{"vision_config": {"image_size": [224, 192]}}"#.utf8))
        }
    }

    @Test func missingConfigFileIsTyped() {
        #expect(throws: ClipError.missingFile(path: "/nonexistent/config.json")) {
            try ClipConfig(contentsOf: URL(fileURLWithPath: "/nonexistent/config.json"))
        }
    }

    @Test func eosTokenTwoSelectsTheLegacyPoolingRule() {
        var text = ClipTextConfig()
        #expect(text.pooling == .firstEndToken(49407))
        text.eosTokenID = 2
        #expect(text.pooling == .legacyArgmax)
    }

    /// Products counted by hand for T = 5 (4 patches + class), C = 4, M = 8, L = 2, P = 2: the
    /// first layer on every row, the last on the pooled row but for its keys and values.
    @Test func forwardFlopsCountTheLastLayerAtThePooledRowOnly() {
        let config = ClipConfig(textConfig: ClipTextConfig(hiddenSize: 4, intermediateSize: 8, numHiddenLayers: 2, numAttentionHeads: 1),
                                visionConfig: ClipVisionConfig(hiddenSize: 4, intermediateSize: 8, numHiddenLayers: 2, numAttentionHeads: 1,
                                                               imageSize: 8, patchSize: 4),
                                projectionDim: 2)
        // Vision, T = 5: patches 2·4·48·4 = 1,536 (N × K·p² inputs × C outputs); first layer
        // 2·5·(4·16 + 2·4·8) + 4·25·4 = 1,680 (QKV, O and MLP on 5 rows, scores and A·V 5×5);
        // last layer 2·5·2·16 + 2·2·16 + 2·2·4·8 + 2·2·5·4 = 320 + 64 + 128 + 80 = 592 (K, V on 5
        // rows; Q, O, MLP, scores and A·V on 1); projection 2·4·2 = 16.
        #expect(config.imageForwardFlops == 1_536 + 1_680 + 592 + 16)
        // Text, T = 3: first layer 2·3·128 + 4·9·4 = 912; last 2·3·2·16 + 64 + 128 + 2·2·3·4 = 432.
        #expect(config.textForwardFlops(length: 3) == 912 + 432 + 16)
    }
}
