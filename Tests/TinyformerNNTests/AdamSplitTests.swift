// Adam updates all parameters in one pass split over the worker pool; every element's update is
// independent, so the result must equal updating each parameter on its own, bit for bit.
import Testing
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

private func parameters(seed: UInt64) throws -> [Tensor] {
    var generator = SeededGenerator(seed: seed)
    return try [[60, 100], [6_000], [7]].map { try Tensor.normal($0, requiresGrad: true, using: &generator) }
}

private func setGradients(_ parameters: [Tensor], step: Int) throws {
    for (i, p) in parameters.enumerated() {
        p.zeroGrad()
        try (p * p).scaled(by: Float(step + i + 1)).sum().backward()  // grad = 2·(step + i + 1)·p
    }
}

@Test(arguments: [Adam.WeightDecayMode.l2, .decoupled])
func adamOverManyParametersEqualsOneOptimizerPerParameter(mode: Adam.WeightDecayMode) throws {
    let together = try parameters(seed: 5), apart = try parameters(seed: 5)
    let joint = try Adam(parameters: together, learningRate: 1e-2, weightDecay: 0.1, weightDecayMode: mode)
    let single = try apart.map { try Adam(parameters: [$0], learningRate: 1e-2, weightDecay: 0.1, weightDecayMode: mode) }
    for step in 0..<3 {
        try setGradients(together, step: step)
        try setGradients(apart, step: step)
        joint.step()
        single.forEach { $0.step() }
    }
    for (a, b) in zip(together, apart) { #expect(a.scalars == b.scalars) }
}

@Test func aParameterListedTwiceIsUpdatedTwice() throws {
    let shared = try parameters(seed: 6)[1], reference = try parameters(seed: 6)[1]
    let twice = try Adam(parameters: [shared, shared], learningRate: 1e-2)
    let first = try Adam(parameters: [reference], learningRate: 1e-2), second = try Adam(parameters: [reference], learningRate: 1e-2)
    try setGradients([shared], step: 0)
    try setGradients([reference], step: 0)
    twice.step()
    first.step()
    second.step()  // same gradient, its own fresh moments: what the second listing does
    #expect(shared.scalars == reference.scalars)
}
