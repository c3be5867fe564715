import Testing
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// Ten steps of each optimizer from the same parameter and gradient sequence as torch.optim
/// (Fixtures/optim/optimizers.safetensors), compared after every step within 1e-6 relative.
@Suite struct OptimizersMatchTorchTests {
    let fixture: Fixture

    init() throws { fixture = try Fixture("optim/optimizers") }

    private func run(_ key: String, make: ([Tensor]) throws -> Optimizer) throws {
        let parameter = try fixture.tensor("param.initial", requiresGrad: true)
        let optimizer = try make([parameter])
        let gradients = try fixture.scalars("grads"), expected = try fixture.scalars("\(key).params")
        let n = parameter.count
        for step in 0..<10 {
            parameter.zeroGrad()
            let g = try Tensor(shape: parameter.shape, scalars: Array(gradients[(step * n)..<((step + 1) * n)]))
            try (parameter * g).sum().backward()  // sets parameter.grad = g exactly
            optimizer.step()
            assertClose(parameter.scalars, Array(expected[(step * n)..<((step + 1) * n)]), atol: 1e-7, rtol: 1e-6,
                        "\(key) after step \(step + 1)")
        }
    }

    @Test func plainSGDMatchesTorch() throws {
        try run("sgd") { try SGD(parameters: $0, learningRate: 0.1) }
    }

    @Test func sgdWithMomentumAndWeightDecayMatchesTorch() throws {
        try run("sgd_momentum") { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, weightDecay: 0.01) }
    }

    @Test func adamMatchesTorch() throws {
        try run("adam") { try Adam(parameters: $0, learningRate: 0.01) }
    }

    @Test func adamWithL2WeightDecayMatchesTorch() throws {
        try run("adam_wd") { try Adam(parameters: $0, learningRate: 0.01, weightDecay: 0.01) }
    }

    @Test func adamWMatchesTorch() throws {
        try run("adamw") { try Adam.adamW(parameters: $0, learningRate: 0.01, weightDecay: 0.1) }
    }
}
