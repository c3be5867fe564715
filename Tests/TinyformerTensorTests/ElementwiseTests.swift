// tanh, exp, log and sqrt against PyTorch fixtures and central differences, and their IEEE edge
// cases (no throws: −∞ and NaN as PyTorch gives them).
import Foundation
import Testing
import TinyformerTensor
import TinyformerTestSupport

private func apply(_ op: String, _ x: Tensor) -> Tensor {
    switch op {
    case "tanh": return x.tanh()
    case "exp": return x.exp()
    case "log": return x.log()
    default: return x.sqrt()
    }
}

@Test(arguments: ["tanh", "exp", "log", "sqrt"])
func elementwiseOpMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { _, t in apply(name, t["x"]!) }
}

@Test func elementwiseGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([3, 7], seed: 42)
    try gradientCheck("tanh", inputs: [x]) { $0[0].tanh() }
    try gradientCheck("exp", inputs: [x]) { $0[0].exp() }
    let positive = try randomTensor([3, 7], seed: 43)
    for i in 0..<positive.count { positive.data[i] = abs(positive.data[i]) + 0.5 }
    try gradientCheck("log", inputs: [positive]) { $0[0].log() }
    try gradientCheck("sqrt", inputs: [positive]) { $0[0].sqrt() }
}

@Test func elementwiseGradientsAccumulateOntoAnEarlierGradient() throws {
    // y = exp(x) + tanh(x): the second backward must add to the first, not overwrite it.
    let x = try randomTensor([4, 5], seed: 44)
    try gradientCheck("exp(x) + tanh(x)", inputs: [x]) { try $0[0].exp() + $0[0].tanh() }
}

@Test func logAndSqrtOutsideTheirDomainGiveInfinityAndNaNLikeTorch() throws {
    let x = try Tensor(shape: [3], scalars: [0, -1, 4], requiresGrad: true)
    let logarithm = x.log().scalars
    #expect(logarithm[0] == -.infinity)
    #expect(logarithm[1].isNaN)
    #expect(logarithm[2] == log(Float(4)))
    let root = x.sqrt()
    #expect(root.scalars[0] == 0 && root.scalars[1].isNaN && root.scalars[2] == 2)
    try root.sum().backward()
    #expect(try #require(x.grad).scalars[0] == .infinity)  // 1 / (2·√0), as torch.sqrt's backward
}

@Test func largeElementwiseOpsSplitOverThreadsGiveTheSerialResult() throws {
    // 3·8K elements: split over the pool; every element must be what the scalar function gives.
    let x = try randomTensor([3, 8192], seed: 45)
    let y = x.tanh().scalars, e = x.exp().scalars
    for i in stride(from: 0, to: x.count, by: 97) {
        #expect(y[i] == tanh(x.data[i]) && e[i] == exp(x.data[i]), "element \(i)")
    }
}
