import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// The Swift `Transformer` against its PyTorch twin (Scripts/nmt_torch_twin.py) for fixed
/// weights and a batch: the course's encoder–decoder and decoder-only presets, and both with the
/// options on (2 heads, pre-LN, MLP ×4 with GELU, output projection for the encoder–decoder).
@Suite struct TransformerMatchesTorchTests {
    static let atol: Float = 1e-5
    static let rtol: Float = 1e-4

    @Test(arguments: torchTwinCases)
    func parameterNamesAndOrderEqualTheTorchStateDict(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        let expected = try twin.fixture.metadata("parameters").split(separator: ",").map(String.init)
        #expect(twin.model.namedParameters.map(\.name) == expected)
    }

    @Test(arguments: torchTwinCases)
    func logitsAndLossMatchTorch(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        try twin.fixture.expect(try twin.forward().logits, matches: "logits", atol: Self.atol, rtol: Self.rtol)
        try twin.fixture.expect(try twin.loss(), matches: "loss", atol: Self.atol, rtol: Self.rtol)
    }

    @Test(arguments: torchTwinCases)
    func attentionWeightsOfEveryLayerMatchTorch(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        let output = try twin.forward()
        let groups = [("encoder_self", output.encoderAttention), ("decoder_self", output.decoderSelfAttention),
                      ("cross", output.crossAttention)]
        for (key, weights) in groups {
            let stored = twin.fixture.tensorNames.filter { $0.hasPrefix("attention.\(key).") }
            #expect(weights.count == stored.count, "\(name) \(key): \(weights.count) layers, torch has \(stored.count)")
            for (layer, w) in weights.enumerated() {
                try twin.fixture.expect(w, matches: "attention.\(key).\(layer)", atol: Self.atol, rtol: Self.rtol)
            }
        }
    }

    @Test(arguments: torchTwinCases)
    func everyParameterGradientMatchesTorch(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        try twin.loss().backward()
        for (parameterName, parameter) in twin.model.namedParameters {
            try twin.fixture.expect(parameter.grad, matches: "grad.\(parameterName)", atol: Self.atol, rtol: Self.rtol)
        }
    }

    @Test(arguments: torchTwinCases)
    func fiveAdamStepsFollowTorchsLosses(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        let optimizer = try Adam(parameters: twin.model.parameters, learningRate: 1e-2)
        var losses: [Float] = []
        for _ in 0..<(try twin.fixture.metadataInt("adam_steps")) {
            optimizer.zeroGrad()
            let loss = try twin.loss()
            losses.append(try loss.item())
            try loss.backward()
            optimizer.step()
        }
        assertClose(losses, try twin.fixture.scalars("adam.losses"), atol: Self.atol, rtol: Self.rtol, "\(name) adam.losses")
        #expect(losses.last! < losses.first!)
        for parameterName in try twin.fixture.metadata("final_parameters").split(separator: ",").map(String.init) {
            try twin.fixture.expect(try twin.model.parameter(named: parameterName), matches: "adam.final.\(parameterName)",
                                    atol: Self.atol, rtol: Self.rtol)
        }
    }

    @Test(arguments: torchTwinCases)
    func greedyDecodingProducesTorchsTokens(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        let words = try twin.fixture.metadata("greedy_words").split(separator: ",").map(String.init)
        let expected = try words.indices.map { try twin.fixture.ints("greedy.\($0).output") }
        // One batched call (grouped by length inside) and one call per word agree with torch.
        let batched = try twin.model.translate(words, attention: true)
        #expect(batched.map(\.outputTokens) == expected)
        for (i, word) in words.enumerated() {
            let single = try twin.model.translate(word)
            #expect(single.outputTokens == expected[i], "\(name) '\(word)'")
            #expect(single == batched[i])
            #expect(try twin.fixture.ints("greedy.\(i).source") == Vocabulary.pigLatin.encode(word))
        }
        #expect(try twin.model.greedyDecode(sources: words.map { try Vocabulary.pigLatin.encode($0) }) == expected)
    }

    @Test(arguments: torchTwinCases)
    func inputLayoutMatchesTheTwinsBatch(_ name: String) throws {
        let twin = try TorchTwinCase(name)
        let (sources, targets) = try twin.pairs()
        let inputs = try TransformerInputs(architecture: twin.config.architecture, sources: sources, targets: targets)
        #expect(inputs.batch == twin.batch)
        #expect(inputs.encoderTokens == twin.encoderTokens)
        #expect(inputs.decoderTokens == twin.decoderTokens)
        #expect(inputs.targets == twin.targets)
        #expect(inputs.lossWeights == twin.lossWeights)
        try twin.fixture.expect(try twin.model.loss(inputs), matches: "loss", atol: Self.atol, rtol: Self.rtol)
    }
}
