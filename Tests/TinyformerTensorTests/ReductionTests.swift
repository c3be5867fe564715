// sum() and mean() to a scalar.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func sumMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("sum", differentiable: ["x"]) { _, t in t["x"]!.sum() }
}

@Test func meanMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("mean", differentiable: ["x"]) { _, t in try t["x"]!.mean() }
}

@Test func reductionGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([3, 5], seed: 90)
    try gradientCheck("sum", inputs: [x]) { $0[0].sum() }
    try gradientCheck("mean", inputs: [x]) { try $0[0].mean() }
}
