// Gradient clipping as torch.nn.utils.clip_grad_norm_: the norm's summation order is fixed (so
// runs reproduce for any thread count and CPU path), and the fused clipped Adam step equals
// clipping in place and then stepping, bit for bit.
import COpenBLAS
import Testing
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

private func randomGradients(_ shapes: [[Int]], seed: UInt64, scale: Float) throws -> [Tensor] {
    var generator = SeededGenerator(seed: seed)
    return try shapes.map { shape in
        let p = try Tensor.normal(shape, requiresGrad: true, using: &generator)
        try (p * p).scaled(by: scale / 2).sum().backward()  // grad = scale · p
        return p
    }
}

/// tf_sum_of_squares's documented order: element i into lane i mod 16, lanes in a fixed tree.
private func laneOrderedSumOfSquares(_ x: [Float]) -> Double {
    var lanes = [Double](repeating: 0, count: 16)
    for (i, value) in x.enumerated() { lanes[i % 16] += Double(value) * Double(value) }
    let pairs = (0..<8).map { lanes[$0] + lanes[$0 + 8] }
    let quads = (0..<4).map { pairs[$0] + pairs[$0 + 4] }
    return (quads[0] + quads[2]) + (quads[1] + quads[3])
}

@Suite struct GradientClippingTests {
    @Test func clippingScalesTheGlobalNormDownToTheLimit() throws {
        let a = try Tensor(shape: [2], scalars: [3, 0], requiresGrad: true)
        let b = try Tensor(shape: [1], scalars: [4], requiresGrad: true)
        try (a.sum() + b.sum()).backward()  // grads 1, 1, 1 → set to (3, 0), (4) below
        a.grad!.data[0] = 3; a.grad!.data[1] = 0; b.grad!.data[0] = 4
        let norm = clipGradientNorm([a, b], maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(a.grad!.scalars[0] - 0.6) < 1e-6 && abs(b.grad!.scalars[0] - 0.8) < 1e-6)
    }

    @Test func clippingLeavesSmallGradientsAlone() throws {
        let a = try Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        try a.sum().backward()
        #expect(clipGradientNorm([a], maxNorm: 10) == Float(2).squareRoot())
        #expect(a.grad!.scalars == [1, 1])
    }

    @Test(arguments: [0, 1, 7, 15, 16, 17, 31, 48, 1_001])
    func theSumOfSquaresAddsInItsDocumentedLaneOrder(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let x = (0..<count).map { _ in Float.random(in: -3...3, using: &generator) }
        #expect(tf_sum_of_squares(count, x) == laneOrderedSumOfSquares(x))
    }

    @Test func theNormOverManyBlocksAgreesWithASequentialSum() throws {
        let parameters = try randomGradients([[300, 700], [70_001], [3]], seed: 2, scale: 0.5)
        var sequential: Double = 0
        for p in parameters { for g in p.grad!.scalars { sequential += Double(g) * Double(g) } }
        let norm = gradientNorm(parameters)
        let expected = Float(sequential.squareRoot())
        #expect(abs(norm - expected) <= expected.ulp, "norm \(norm), sequential double sum \(expected)")
    }

    @Test func parametersWithoutGradientsCountAsZero() throws {
        let withGradient = try randomGradients([[5]], seed: 3, scale: 1)
        let without = try Tensor(shape: [4], scalars: [1, 2, 3, 4], requiresGrad: true)
        #expect(gradientNorm(withGradient + [without]) == gradientNorm(withGradient))
    }

    @Test func theClipFactorIsOneWhenTheNormIsWithinTheLimit() {
        #expect(gradientClipFactor(norm: 0.5, maxNorm: 1) == 1)
        #expect(gradientClipFactor(norm: 4, maxNorm: 1) == 1 / (4 + 1e-6))
    }

    @Test(arguments: [Adam.WeightDecayMode.l2, .decoupled])
    func aFusedClippedAdamStepEqualsClippingThenStepping(mode: Adam.WeightDecayMode) throws {
        let shapes = [[40, 30], [9_000], [5]]
        let fused = try randomGradients(shapes, seed: 9, scale: 1), clipped = try randomGradients(shapes, seed: 9, scale: 1)
        var fusedNorms: [Float] = [], clippedNorms: [Float] = []
        let fusedOptimizer = try Adam(parameters: fused, learningRate: 1e-2, weightDecay: 0.1, weightDecayMode: mode)
        let clippedOptimizer = try Adam(parameters: clipped, learningRate: 1e-2, weightDecay: 0.1, weightDecayMode: mode)
        for step in 0..<4 {
            let scale: Float = step < 2 ? 3 : 1e-3  // clipped, then left alone
            for p in fused + clipped {
                p.zeroGrad()
                try (p * p).scaled(by: scale / 2).sum().backward()
            }
            let norm = gradientNorm(fused)
            fusedOptimizer.step(scalingGradientsBy: gradientClipFactor(norm: norm, maxNorm: 1))
            clippedNorms.append(clipGradientNorm(clipped, maxNorm: 1))
            clippedOptimizer.step()
            fusedNorms.append(norm)
        }
        #expect(fusedNorms == clippedNorms)
        #expect(fusedNorms[0] > 1 && fusedNorms[3] < 1, "the steps should cover clipped and unclipped gradients: \(fusedNorms)")
        for (a, b) in zip(fused, clipped) { #expect(a.scalars == b.scalars) }
    }
}
