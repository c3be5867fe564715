import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

@Suite struct GreedyDecodingTests {
    /// A model whose output layer ignores its input and always prefers `token`.
    static func alwaysPredicting(_ token: Int, architecture: TransformerConfig.Architecture) throws -> Transformer {
        let model = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 8, layers: 1))
        let weight = try model.parameter(named: "decoder.output.weight"), bias = try model.parameter(named: "decoder.output.bias")
        weight.data.update(repeating: 0, count: weight.count)
        bias.data.update(repeating: 0, count: bias.count)
        bias.data[token] = 10
        return model
    }

    @Test(arguments: TransformerConfig.Architecture.allCases)
    func decodingStopsAfterTwentyCharactersWithoutEOS(_ architecture: TransformerConfig.Architecture) throws {
        let model = try Self.alwaysPredicting(1, architecture: architecture)
        let translation = try model.translate("sense")
        #expect(translation.output == String(repeating: "a", count: 20))
        #expect(translation.outputTokens.count == Transformer.defaultMaxOutputLength)
        #expect(!translation.endedWithEndOfSequence)
        #expect(try model.translate(["sense"], maxOutputLength: 5)[0].output == "aaaaa")
    }

    @Test(arguments: TransformerConfig.Architecture.allCases)
    func decodingStopsAtEOS(_ architecture: TransformerConfig.Architecture) throws {
        let model = try Self.alwaysPredicting(Vocabulary.pigLatin.endOfSequence, architecture: architecture)
        let translation = try model.translate("sense")
        #expect(translation.output == "")
        #expect(translation.outputTokens == [Vocabulary.pigLatin.endOfSequence])
        #expect(translation.endedWithEndOfSequence)
    }

    /// The cached one-token-per-step decoding must equal running the whole sequence at once:
    /// every generated token is the argmax of the full forward pass, and the assembled attention
    /// maps are the full pass's weights.
    @Test(arguments: TransformerConfig.Architecture.allCases)
    func cachedDecodingAgreesWithTheFullForwardPass(_ architecture: TransformerConfig.Architecture) throws {
        let model = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 16, layers: 2, heads: 2,
                                                              preLayerNorm: true, seed: 5))
        for word in ["a", "sense", "ill-natured"] {
            let translation = try model.translate(word)
            let source = try Vocabulary.pigLatin.encode(word)
            let fed = Array(translation.outputTokens.dropLast())
            let output: TransformerOutput
            let firstRow: Int
            if architecture == .encoderDecoder {
                let decoderTokens = [Vocabulary.pigLatin.startOfSequence] + fed
                output = try model.forwardWithAttention(encoderTokens: source + [Vocabulary.pigLatin.endOfSequence],
                                                        decoderTokens: decoderTokens, batch: 1)
                firstRow = 0
            } else {
                let tokens = [Vocabulary.pigLatin.startOfSequence] + source + [Vocabulary.pigLatin.endOfPrompt] + fed
                output = try model.forwardWithAttention(tokens: tokens, batch: 1, length: tokens.count)
                firstRow = source.count + 1
            }
            let v = Vocabulary.pigLatin.size, logits = output.logits.scalars
            let argmax = (firstRow..<output.logits.shape[1]).map { t in
                (0..<v).max { logits[t * v + $0] < logits[t * v + $1] }!
            }
            #expect(argmax == translation.outputTokens, "\(word)")
            for (layer, map) in translation.decoderSelfAttention.enumerated() {
                assertClose(map.weights, output.decoderSelfAttention[layer].scalars, atol: 1e-5, rtol: 1e-4, "\(word) self \(layer)")
            }
            for (layer, map) in translation.crossAttention.enumerated() {
                assertClose(map.weights, output.crossAttention[layer].scalars, atol: 1e-5, rtol: 1e-4, "\(word) cross \(layer)")
            }
            for (layer, map) in translation.encoderAttention.enumerated() {
                assertClose(map.weights, output.encoderAttention[layer].scalars, atol: 1e-5, rtol: 1e-4, "\(word) encoder \(layer)")
            }
        }
    }

    @Test func attentionMapsHaveOneLabelledRowPerFedTokenAndRowsSumToOne() throws {
        let model = try Transformer(config: TransformerConfig(hiddenSize: 16, layers: 2, seed: 2))
        let t = try model.translate("house")
        let n = t.outputTokens.count
        #expect(t.encoderAttention.count == 2 && t.decoderSelfAttention.count == 2 && t.crossAttention.count == 2)
        let encoder = t.encoderAttention[1], cross = t.crossAttention[0], selfMap = t.decoderSelfAttention[0]
        #expect(encoder.kind == .encoderSelfAttention && encoder.layer == 1)
        #expect(encoder.queryTokens == (try Vocabulary.pigLatin.encode("house")) + [Vocabulary.pigLatin.endOfSequence])
        #expect(cross.queries == n && cross.keys == 6)
        #expect(selfMap.queryTokens == [Vocabulary.pigLatin.startOfSequence] + t.outputTokens.dropLast())
        for map in [encoder, cross, selfMap] {
            for row in map.rows() { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
        }
        #expect(selfMap.weight(query: 0, key: 1) == 0)  // causal: the first step sees only SOS
    }

    @Test func batchTranslationKeepsTheInputOrderAcrossLengthGroups() throws {
        let model = try Transformer(config: TransformerConfig(architecture: .decoderOnly, hiddenSize: 16, layers: 1, seed: 4))
        let words = ["sense", "a", "marry", "ill-natured", "to"]
        let batched = try model.translate(words)
        #expect(batched.map(\.source) == words)
        for (word, translation) in zip(words, batched) {
            #expect(try model.translate(word).outputTokens == translation.outputTokens)
        }
        #expect(batched.allSatisfy { $0.decoderSelfAttention.isEmpty })  // attention only on request
    }

    @Test func translationLowercasesItsInput() throws {
        let model = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 1))
        let upper = try model.translate("SeNsE")
        #expect(upper.source == "sense")
        #expect(upper == (try model.translate("sense")))
    }

    @Test func inferenceRecordsNoGradients() throws {
        let model = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 1))
        _ = try model.translate(["sense", "house"])
        #expect(model.parameters.allSatisfy { $0.grad == nil })
    }
}
