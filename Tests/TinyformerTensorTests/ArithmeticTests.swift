// Broadcasting add / sub / mul, scaled(by:) and adding(_:) against PyTorch fixtures and central
// differences. Broadcast cases: equal shapes, (B,T,C) with (T,C), (C) and a scalar (), and the
// small operand on the left.
import Testing
import TinyformerTensor
import TinyformerTestSupport

private let broadcastCases = ["same", "tc", "c", "scalar", "tc_lhs_small", "c_lhs_small"]

private func apply(_ op: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    switch op {
    case "add": return try a + b
    case "sub": return try a - b
    default: return try a * b
    }
}

@Test(arguments: broadcastCases)
func addMatchesTorchForwardAndGradientsWithBroadcasting(case shapes: String) throws {
    try Fixture.runOp("add_\(shapes)", differentiable: ["a", "b"]) { _, t in try t["a"]! + t["b"]! }
}

@Test(arguments: broadcastCases)
func subtractMatchesTorchForwardAndGradientsWithBroadcasting(case shapes: String) throws {
    try Fixture.runOp("sub_\(shapes)", differentiable: ["a", "b"]) { _, t in try t["a"]! - t["b"]! }
}

@Test(arguments: broadcastCases)
func multiplyMatchesTorchForwardAndGradientsWithBroadcasting(case shapes: String) throws {
    try Fixture.runOp("mul_\(shapes)", differentiable: ["a", "b"]) { _, t in try t["a"]! * t["b"]! }
}

@Test func scaledMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("scaled", differentiable: ["x"]) { f, t in
        try t["x"]!.scaled(by: f.metadataNumber("factor"))
    }
}

@Test func addingConstantMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("adding", differentiable: ["x"]) { f, t in
        try t["x"]!.adding(f.metadataNumber("constant"))
    }
}

@Test(arguments: ["add", "sub", "mul"])
func broadcastingArithmeticGradientsMatchCentralDifferences(op: String) throws {
    let shapes: [([Int], [Int])] = [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [3, 4]), ([2, 3, 4], [4]),
                                    ([2, 3, 4], []), ([3, 4], [2, 3, 4]), ([4], [2, 3, 4])]
    for (n, (sa, sb)) in shapes.enumerated() {
        let a = try randomTensor(sa, seed: 10 + UInt64(n)), b = try randomTensor(sb, seed: 20 + UInt64(n))
        try gradientCheck("\(op) \(sa) with \(sb)", inputs: [a, b]) { try apply(op, $0[0], $0[1]) }
    }
}

@Test func sameTensorOnBothSidesGetsBothGradients() throws {
    let x = try randomTensor([3, 4], seed: 30)
    try gradientCheck("x * x", inputs: [x]) { try $0[0] * $0[0] }
    try gradientCheck("x - x", inputs: [x]) { try $0[0] - $0[0] }
}

@Test func scaledAndAddingGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 5], seed: 31)
    try gradientCheck("scaled", inputs: [x]) { $0[0].scaled(by: -1.75) }
    try gradientCheck("adding", inputs: [x]) { $0[0].adding(0.5) }
}

@Test(arguments: broadcastCases)
func divideMatchesTorchForwardAndGradientsWithBroadcasting(case shapes: String) throws {
    try Fixture.runOp("div_\(shapes)", differentiable: ["a", "b"]) { _, t in try t["a"]! / t["b"]! }
}

@Test func divideGradientsMatchCentralDifferences() throws {
    let shapes: [([Int], [Int])] = [([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [3, 4]), ([2, 3, 4], [4]),
                                    ([2, 3, 4], []), ([3, 4], [2, 3, 4]), ([4], [2, 3, 4])]
    for (n, (sa, sb)) in shapes.enumerated() {
        // Operands at least 0.7 from 0, so ±eps never nears a pole.
        let a = try randomTensorAwayFromZero(sa, seed: 110 + UInt64(n), margin: 0.7)
        let b = try randomTensorAwayFromZero(sb, seed: 120 + UInt64(n), margin: 0.7)
        try gradientCheck("div \(sa) by \(sb)", inputs: [a, b]) { try $0[0] / $0[1] }
    }
    let x = try randomTensorAwayFromZero([3, 4], seed: 130, margin: 0.7)
    try gradientCheck("x / x", inputs: [x]) { try $0[0] / $0[0] }
}

@Test func divisionByZeroGivesInfinityAndNaNLikeTorch() throws {
    let a = try Tensor(shape: [3], scalars: [1, -2, 0]), b = try Tensor(shape: [], scalars: [0])
    let q = try (a / b).scalars
    #expect(q[0] == .infinity && q[1] == -.infinity && q[2].isNaN)
}

@Test func divideRejectsShapesThatAreNotSuffixesNamingTheShapes() throws {
    let a = try Tensor.zeros([2, 5, 8]), b = try Tensor.zeros([5, 7])
    let e = expectError(mentioning: ["div", "[2, 5, 8]", "[5, 7]"]) { try a / b }
    if case .shapeMismatch? = e {} else { Issue.record("expected shapeMismatch, got \(String(describing: e))") }
}
