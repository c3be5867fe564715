import Foundation
import Testing
import TinyformerIO
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// The tiny two-block network against its PyTorch twin (Fixtures/network/tiny_network.safetensors).
@Suite struct TinyNetworkMatchesTorchTests {
    let fixture: Fixture
    let network: TinyNetwork
    let tokens: [Int]
    let targets: [Int]
    let keyPadding: [Bool]

    init() throws {
        fixture = try Fixture("network/tiny_network")
        network = try TinyNetwork()
        try network.load(from: fixture.file, strict: false)
        tokens = try fixture.ints("tokens")
        targets = try fixture.ints("targets")
        keyPadding = try fixture.bools("key_padding")
    }

    func loss() throws -> (logits: Tensor, loss: Tensor) {
        let logits = try network(tokens: tokens, batch: 3, length: 6, keyPadding: keyPadding)
        return (logits, try logits.crossEntropy(targets: targets, ignoreIndex: -100))
    }

    @Test func everyTorchParameterLoadsIntoTheSwiftTwin() throws {
        let expected = try fixture.metadata("parameters").split(separator: ",").map(String.init)
        #expect(network.namedParameters.map(\.name) == expected)
    }

    @Test func logitsAndLossMatchTorch() throws {
        let (logits, loss) = try loss()
        try fixture.expect(logits, matches: "logits", atol: 1e-5, rtol: 1e-4)
        try fixture.expect(loss, matches: "loss", atol: 1e-5, rtol: 1e-4)
    }

    @Test func everyParameterGradientMatchesTorch() throws {
        try loss().loss.backward()
        for (name, parameter) in network.namedParameters {
            try fixture.expect(parameter.grad, matches: "grad.\(name)", atol: 1e-5, rtol: 1e-4)
        }
    }

    @Test func tenAdamStepsFollowTorchsLosses() throws {
        let optimizer = try Adam(parameters: network.parameters, learningRate: 1e-2)
        try expectTrajectory(optimizer, prefix: "adam")
    }

    @Test func tenAdamWStepsFollowTorchsLosses() throws {
        let optimizer = try Adam.adamW(parameters: network.parameters, learningRate: 1e-2, weightDecay: 0.1)
        try expectTrajectory(optimizer, prefix: "adamw")
    }

    private func expectTrajectory(_ optimizer: Optimizer, prefix: String) throws {
        var losses: [Float] = []
        for _ in 0..<10 {
            optimizer.zeroGrad()
            let loss = try loss().loss
            losses.append(try loss.item())
            try loss.backward()
            optimizer.step()
        }
        assertClose(losses, try fixture.scalars("\(prefix).losses"), atol: 1e-5, rtol: 1e-4, "\(prefix).losses")
        for name in try fixture.metadata("final_parameters").split(separator: ",").map(String.init) {
            try fixture.expect(try network.parameter(named: name), matches: "\(prefix).final.\(name)", atol: 1e-5, rtol: 1e-4)
        }
    }
}
