// ReLU, GELU (erf and tanh), quickGELU and softmax against PyTorch fixtures and central differences.
import Foundation
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

@Test func quickGELUOfEveryLengthAndExtremeInputsFollowsItsFormula() throws {
    // Lengths around the 8-lane vector width exercise the padded last vector; ±100 the clamped e^x.
    for count in [1, 7, 8, 9, 17, 33] {
        let scalars: [Float] = (0..<count).map { i -> Float in i == 0 ? -100 : i == 1 ? 100 : Float(i) * 0.37 - 3 }
        let x = try Tensor(shape: [count], scalars: scalars, requiresGrad: true)
        let y = x.quickGELU()
        try y.sum().backward()
        let sigmoids: [Double] = scalars.map { v -> Double in 1 / (1 + Foundation.exp(-1.702 * Double(v))) }
        let expected: [Double] = zip(scalars, sigmoids).map { v, s -> Double in Double(v) * s }
        let slope: [Double] = zip(scalars, sigmoids).map { v, s -> Double in s + 1.702 * Double(v) * s * (1 - s) }
        assertClose(y.scalars, expected.map(Float.init), atol: 1e-6, rtol: 1e-6, "quickGELU of \(count) values")
        assertClose(x.grad!.scalars, slope.map(Float.init), atol: 1e-6, rtol: 1e-6, "quickGELU' of \(count) values")
    }
}

@Test func quickGELUPropagatesNaN() throws {
    let x = try Tensor(shape: [3], scalars: [.nan, 1, .nan])
    let y = x.quickGELU().scalars
    #expect(y[0].isNaN && y[2].isNaN && !y[1].isNaN)
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
