// Dropout cannot match torch's RNG: check its statistics, scaling, mask/backward consistency.
import Testing
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Test func dropoutZeroesAboutAFractionPAndScalesSurvivors() throws {
    let p: Float = 0.3, n = 20_000
    let x = try Tensor.full([n], value: 1)
    var generator = SeededGenerator(seed: 110)
    let y = try x.dropout(probability: p, training: true, using: &generator).scalars
    let zeros = y.filter { $0 == 0 }.count
    // Binomial std of the fraction: √(p(1−p)/n) ≈ 0.0032; allow 5σ.
    #expect(abs(Float(zeros) / Float(n) - p) < 0.016, "zeroed fraction \(Float(zeros) / Float(n))")
    let keep = 1 / (1 - p)
    #expect(y.allSatisfy { $0 == 0 || $0 == keep })
    // The mean is preserved in expectation.
    #expect(abs(y.reduce(0, +) / Float(n) - 1) < 0.03)
}

@Test func dropoutBackwardUsesTheForwardMask() throws {
    let p: Float = 0.5
    let x = try randomTensorAwayFromZero([4, 50], seed: 111)
    var generator = SeededGenerator(seed: 112)
    let y = try x.dropout(probability: p, training: true, using: &generator)
    var g = SeededGenerator(seed: 113)
    let upstream = try Tensor.normal(y.shape, using: &g)
    try y.backward(gradient: upstream)
    let grad = try #require(x.grad).scalars, out = y.scalars, xs = x.scalars, u = upstream.scalars
    let keep = 1 / (1 - p)
    var dropped = 0
    for i in 0..<x.count {
        if out[i] == 0 {
            dropped += 1
            #expect(grad[i] == 0, "element \(i) dropped in forward but got gradient \(grad[i])")
        } else {
            #expect(out[i] == xs[i] * keep, "element \(i) kept but not scaled by 1/(1−p)")
            #expect(grad[i] == u[i] * keep, "element \(i) kept: gradient \(grad[i]), expected \(u[i] * keep)")
        }
    }
    #expect(dropped > 0 && dropped < x.count)
}

@Test func dropoutMaskIsFixedBySeed() throws {
    let x = try randomTensor([100], seed: 114)
    var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5), c = SeededGenerator(seed: 6)
    let ya = try x.dropout(probability: 0.4, training: true, using: &a).scalars
    let yb = try x.dropout(probability: 0.4, training: true, using: &b).scalars
    let yc = try x.dropout(probability: 0.4, training: true, using: &c).scalars
    #expect(ya == yb)
    #expect(ya != yc)
}

@Test func dropoutIsIdentityInEvaluationOrWithZeroProbability() throws {
    let x = try randomTensor([10], seed: 115)
    var generator = SeededGenerator(seed: 1)
    #expect(try x.dropout(probability: 0.5, training: false, using: &generator) === x)
    #expect(try x.dropout(probability: 0, training: true, using: &generator) === x)
}

@Test func dropoutRejectsProbabilityOutsideZeroToOne() throws {
    let x = try randomTensor([10], seed: 116)
    var generator = SeededGenerator(seed: 1)
    for p: Float in [1, -0.1, 1.5, .nan] {
        #expect(throws: TensorError.self, "p = \(p)") { try x.dropout(probability: p, training: true, using: &generator) }
    }
}

@Test func dropoutGradientsMatchCentralDifferencesForAFixedMask() throws {
    let x = try randomTensor([3, 8], seed: 117)
    try gradientCheck("dropout p 0.3", inputs: [x]) { t in
        var generator = SeededGenerator(seed: 118)  // the same mask on every evaluation
        return try t[0].dropout(probability: 0.3, training: true, using: &generator)
    }
}
