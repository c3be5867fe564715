import Foundation
import Testing
import TinyformerIO
import TinyformerNMT

@Suite struct TransformerSizeTests {
    static let configs: [TransformerConfig] = [
        TransformerConfig(),
        TransformerConfig(architecture: .decoderOnly, hiddenSize: 16, layers: 2),
        TransformerConfig(hiddenSize: 12, layers: 2, heads: 3, preLayerNorm: true, mlpMultiplier: 4, attentionOutputProjection: true),
        TransformerConfig(architecture: .decoderOnly, vocabularySize: 7, hiddenSize: 8, layers: 3, preLayerNorm: true, mlpMultiplier: 2),
    ]

    @Test(arguments: configs)
    func theParameterCountFromTheSizesEqualsTheBuiltModels(_ config: TransformerConfig) throws {
        let vocabulary = try Vocabulary(characters: (0..<(config.vocabularySize - 3)).map { Character(Unicode.Scalar(97 + $0)!) })
        #expect(config.parameterCount == (try Transformer(config: config, vocabulary: vocabulary)).parameterCount)
    }

    @Test func anOversizedModelIsRefusedBeforeAnythingIsAllocated() {
        #expect {
            try TransformerConfig(hiddenSize: 8192, layers: 256).validate()
        } throws: { error in
            "\(error)".contains("at most 2²⁸")
        }
        #expect(TransformerConfig(hiddenSize: 8192, layers: 256, mlpMultiplier: 64).parameterCount > TransformerConfig.maximumParameters)
    }

    @Test func differencesNameEveryDifferingField() {
        let a = TransformerConfig(hiddenSize: 8, heads: 1), b = TransformerConfig(hiddenSize: 8, heads: 4, seed: 3)
        #expect(b.differences(from: a) == ["heads 4 / 1", "seed 3 / 0"])
        #expect(a.differences(from: a).isEmpty)
    }
}
