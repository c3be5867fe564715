import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor

@Suite struct TransformerConstructionTests {
    @Test func sameSeedGivesTheSameInitialisation() throws {
        for architecture in TransformerConfig.Architecture.allCases {
            let a = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 8, layers: 2, seed: 7))
            let b = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 8, layers: 2, seed: 7))
            let c = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 8, layers: 2, seed: 8))
            #expect(a.stateDict() == b.stateDict())
            #expect(a.stateDict() != c.stateDict())
        }
    }

    @Test func coursePresetHasExactlyTheDocumentedParameters() throws {
        let model = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 1))
        let attention = { (prefix: String) in
            ["query", "key", "value"].flatMap { ["\(prefix).\($0).weight", "\(prefix).\($0).bias"] }
        }
        let expected = ["encoder.embedding.weight"] + attention("encoder.layers.0.self_attention")
            + ["encoder.layers.0.mlp.fc.weight", "encoder.layers.0.mlp.fc.bias", "decoder.embedding.weight"]
            + attention("decoder.layers.0.self_attention") + attention("decoder.layers.0.cross_attention")
            + ["decoder.layers.0.mlp.fc.weight", "decoder.layers.0.mlp.fc.bias", "decoder.output.weight", "decoder.output.bias"]
        #expect(model.namedParameters.map(\.name) == expected)
        // V·h twice + per attention 3(h² + h) + MLP (h² + h) + output V·h + V.
        let (h, v) = (8, 30)
        #expect(model.parameterCount == 2 * v * h + 3 * 3 * (h * h + h) + 2 * (h * h + h) + v * h + v)
    }

    @Test func optionsAddTheirParametersUnderDocumentedNames() throws {
        let model = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 2, heads: 2, preLayerNorm: true,
                                                              mlpMultiplier: 4, attentionOutputProjection: true))
        let names = Set(model.namedParameters.map(\.name))
        for name in ["encoder.layers.1.self_attention_norm.weight", "encoder.layers.0.self_attention.output.bias",
                     "encoder.layers.0.mlp_norm.bias", "encoder.layers.1.mlp.proj.weight", "encoder.final_norm.weight",
                     "decoder.layers.1.cross_attention_norm.bias", "decoder.layers.0.cross_attention.output.weight",
                     "decoder.final_norm.bias"] {
            #expect(names.contains(name), "\(name)")
        }
        #expect(try model.parameter(named: "encoder.layers.0.mlp.fc.weight").shape == [32, 8])
        #expect(try model.parameter(named: "encoder.layers.0.mlp.proj.weight").shape == [8, 32])
        #expect(names.count == model.namedParameters.count)
    }

    @Test func decoderOnlyHasNoEncoderOrCrossAttention() throws {
        let model = try Transformer(config: TransformerConfig(architecture: .decoderOnly, hiddenSize: 8, layers: 2))
        let names = model.namedParameters.map(\.name)
        #expect(!names.contains { $0.hasPrefix("encoder.") || $0.contains("cross_attention") })
        #expect(names.contains("decoder.layers.1.self_attention.value.weight"))
    }

    @Test func aCheckpointRoundTripsThroughSafetensors() throws {
        let config = TransformerConfig(hiddenSize: 8, layers: 2, preLayerNorm: true, seed: 3)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("transformer-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try Transformer(config: config)
        try original.save(to: url)
        var other = config
        other.seed = 4
        let restored = try Transformer(config: other)
        try restored.load(contentsOf: url)
        #expect(restored.stateDict() == original.stateDict())
        #expect(try restored.translate("sense") == original.translate("sense"))
    }

    @Test func dropoutActsOnlyInTrainingModeAndFollowsItsSeed() throws {
        let config = TransformerConfig(hiddenSize: 8, layers: 1, dropout: 0.5, seed: 1)
        let inputs = try TransformerInputs(architecture: .encoderDecoder, sources: [[1, 2, 3]], targets: [[2, 3, 1, 5]])
        let a = try Transformer(config: config), b = try Transformer(config: config)
        let plain = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 1, seed: 1))
        #expect(try a.eval().forward(inputs).scalars == plain.forward(inputs).scalars)
        a.train()
        let trainedA = try a.forward(inputs).scalars
        #expect(trainedA == (try b.forward(inputs).scalars))
        #expect(trainedA != (try plain.forward(inputs).scalars))
        #expect(try a.forward(inputs).scalars != trainedA)  // a new mask each call
        a.seedDropout(7)
        b.seedDropout(7)
        #expect(try a.forward(inputs).scalars == b.forward(inputs).scalars)
    }
}
