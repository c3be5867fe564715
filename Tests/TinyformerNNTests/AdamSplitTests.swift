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

/// Weight decay off, L2, decoupled.
private let decaySettings: [(Float, Adam.WeightDecayMode)] = [(0, .l2), (0.1, .l2), (0.1, .decoupled)]

@Test(arguments: decaySettings.indices)
func vectorLanesAndTheScalarTailUpdateEqualElementsIdentically(setting index: Int) throws {
    // Nine elements: the first eight go through the eight-wide loop, the ninth through the
    // scalar remainder. Element 8 repeats element 0's weight and gradients, so the two code paths
    // must produce the same bits at every step.
    let (decay, mode) = decaySettings[index]
    var weights: [Float] = [0.3, -1.2, 0.05, 2.5, -0.7, 1e-3, 4.0, -3.3]
    weights.append(weights[0])
    let parameter = try Tensor(shape: [9], scalars: weights, requiresGrad: true)
    let adam = try Adam(parameters: [parameter], learningRate: 0.05, weightDecay: decay, weightDecayMode: mode)
    for step in 0..<4 {
        parameter.zeroGrad()
        let scale = Float(step + 1) * 0.37
        try (parameter * parameter).scaled(by: scale).sum().backward()  // grad = 2·scale·w
        adam.step()
        let values = parameter.scalars
        #expect(values[8].bitPattern == values[0].bitPattern, "step \(step + 1): \(values[8]) vs \(values[0])")
        #expect(values[0] != weights[0], "step \(step + 1) left the weight unchanged")
    }
}
