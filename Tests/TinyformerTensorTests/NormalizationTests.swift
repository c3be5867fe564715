// l2Normalized (F.normalize with p = 2) against PyTorch fixtures and central differences.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["l2_normalize", "l2_normalize_axis1", "l2_normalize_eps"])
func l2NormalizedMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in
        try t["x"]!.l2Normalized(axis: f.metadataInt("axis"), eps: f.metadataNumber("eps"))
    }
}

@Test func l2NormalizedGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 4], seed: 140)
    try gradientCheck("l2Normalized last axis", inputs: [x]) { try $0[0].l2Normalized() }
    try gradientCheck("l2Normalized axis 1", inputs: [x]) { try $0[0].l2Normalized(axis: 1) }
    try gradientCheck("l2Normalized axis 0", inputs: [x]) { try $0[0].l2Normalized(axis: -3) }
    // Norms ~0.2–0.5 of these rows, all below eps = 1, so the clamp holds: y = x / eps.
    let small = try randomTensor([3, 4], seed: 141, std: 0.1)
    try gradientCheck("l2Normalized clamped by eps", inputs: [small]) { try $0[0].l2Normalized(eps: 1) }
}

@Test func l2NormalizedRowsHaveUnitNormAndAZeroRowStaysZero() throws {
    let x = try Tensor(shape: [2, 3], scalars: [3, 0, 4, 0, 0, 0])
    let y = try x.l2Normalized().scalars
    assertClose(y, [0.6, 0, 0.8, 0, 0, 0], atol: 1e-7, rtol: 0, "normalised rows")
}

@Test func l2NormalizedRejectsABadAxisOrEps() throws {
    let x = try Tensor.zeros([2, 3])
    let e = expectError(mentioning: ["l2Normalized", "2"]) { try x.l2Normalized(axis: 2) }
    #expect(e == .indexOutOfRange(op: "l2Normalized", index: 2, validRange: "axes -2..<2"))
    expectError(mentioning: ["l2Normalized", "eps", "-1"]) { try x.l2Normalized(eps: -1) }
    expectError(mentioning: ["l2Normalized", "eps"]) { try x.l2Normalized(eps: .nan) }
}
