import Foundation
import Testing
import TinyformerNMT

@Suite struct TransformerConfigTests {
    @Test func defaultsAreTheCourseFaithfulPreset() {
        let config = TransformerConfig()
        #expect(config.architecture == .encoderDecoder)
        #expect(config.vocabularySize == Vocabulary.pigLatin.size)
        #expect(config.heads == 1 && !config.preLayerNorm && config.mlpMultiplier == 1)
        #expect(config.activation == .relu && !config.attentionOutputProjection && config.dropout == 0)
        #expect(config.isCourseFaithful)
    }

    @Test func activationDefaultsToGELUForWiderMLPsUnlessChosen() {
        #expect(TransformerConfig(mlpMultiplier: 4).activation == .gelu)
        #expect(TransformerConfig(mlpMultiplier: 4, activation: .relu).activation == .relu)
        #expect(TransformerConfig(mlpMultiplier: 1, activation: .gelu).activation == .gelu)
        #expect(!TransformerConfig(heads: 2).isCourseFaithful)
    }

    @Test func jsonRoundTripKeepsEveryField() throws {
        let config = TransformerConfig(architecture: .decoderOnly, hiddenSize: 64, layers: 4, heads: 4, preLayerNorm: true,
                                       mlpMultiplier: 4, activation: .gelu, attentionOutputProjection: true, dropout: 0.1,
                                       maxLength: 80, seed: 12_345_678_901)
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(TransformerConfig.self, from: data) == config)
    }

    @Test func missingJSONKeysTakeTheirDefaults() throws {
        let decoded = try JSONDecoder().decode(TransformerConfig.self, from: Data(#"{"hiddenSize":64,"mlpMultiplier":2}"#.utf8))
        #expect(decoded == TransformerConfig(hiddenSize: 64, mlpMultiplier: 2))
        #expect(decoded.activation == .gelu)
    }

    @Test func unknownArchitectureNameFailsToDecode() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TransformerConfig.self, from: Data(#"{"architecture":"rnn"}"#.utf8))
        }
    }

    @Test(arguments: [
        TransformerConfig(hiddenSize: 0), TransformerConfig(layers: 0), TransformerConfig(hiddenSize: 10, heads: 3),
        TransformerConfig(heads: 0), TransformerConfig(mlpMultiplier: 0), TransformerConfig(dropout: 1),
        TransformerConfig(dropout: -0.1), TransformerConfig(dropout: .nan), TransformerConfig(maxLength: 1),
        TransformerConfig(vocabularySize: 3),
    ])
    func invalidConfigurationsAreRejectedByName(_ config: TransformerConfig) {
        #expect(throws: TransformerError.self) { try config.validate() }
        #expect(throws: TransformerError.self) { try Transformer(config: config) }
    }
}
