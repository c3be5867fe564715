// ReLU, GELU (erf and tanh), quickGELU and softmax against PyTorch fixtures and central differences.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func reluMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("relu", differentiable: ["x"]) { _, t in t["x"]!.relu() }
}

@Test func geluMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("gelu", differentiable: ["x"]) { _, t in t["x"]!.gelu() }
}

@Test func geluTanhMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("gelu_tanh", differentiable: ["x"]) { _, t in t["x"]!.geluTanh() }
}

@Test func quickGELUMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("quick_gelu", differentiable: ["x"]) { _, t in t["x"]!.quickGELU() }
}

@Test(arguments: ["softmax", "softmax_2d"])
func softmaxMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { _, t in try t["x"]!.softmax() }
}

@Test func activationGradientsMatchCentralDifferences() throws {
    // Away from 0 so the difference quotient never straddles ReLU's kink.
    let x = try randomTensorAwayFromZero([3, 7], seed: 40)
    for i in 0..<x.count { x.data[i] *= 1.5 }
    try gradientCheck("relu", inputs: [x]) { $0[0].relu() }
    try gradientCheck("gelu", inputs: [x]) { $0[0].gelu() }
    try gradientCheck("geluTanh", inputs: [x]) { $0[0].geluTanh() }
    try gradientCheck("quickGELU", inputs: [x]) { $0[0].quickGELU() }
}

@Test func softmaxGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 6], seed: 41, std: 2)
    try gradientCheck("softmax", inputs: [x]) { try $0[0].softmax() }
}

@Test func softmaxRowsSumToOneAndSurviveLargeLogits() throws {
    let x = try Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -1000, 0, 1000])
    let y = try x.softmax().scalars
    #expect(y.allSatisfy { $0.isFinite })
    assertClose([y[0] + y[1] + y[2], y[3] + y[4] + y[5]], [1, 1], atol: 1e-6, rtol: 0, "softmax row sums")
    assertClose(Array(y[3...]), [0, 0, 1], atol: 1e-6, rtol: 0, "softmax of a dominant logit")
}
