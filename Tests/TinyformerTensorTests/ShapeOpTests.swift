// reshape, transposedLastTwo, concat and slice.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["reshape", "reshape_split"])
func reshapeMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in try t["x"]!.reshaped(f.metadataInts("shape")) }
}

@Test(arguments: ["transpose", "transpose_2d", "transpose_4d"])
func transposeLastTwoMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { _, t in try t["x"]!.transposedLastTwo() }
}

@Test(arguments: ["concat_axis0", "concat_axis1", "concat_axis2", "concat_axis_neg1", "concat_axis_neg3"])
func concatMatchesTorchForwardAndGradients(case name: String) throws {
    let f = try Fixture("ops/\(name)")
    let keys = (0..<(try f.metadataInt("count"))).map { "t\($0)" }
    try Fixture.runOp(name, differentiable: keys) { f, t in
        try Tensor.concat(keys.map { t[$0]! }, axis: f.metadataInt("axis"))
    }
}

@Test func concatWhereOnlySomeInputsRequireGradMatchesTorch() throws {
    let f = try Fixture("ops/concat_partial_grad")
    let differentiable = try f.metadata("differentiable").split(separator: ",").map(String.init)  // t0, t2
    let constants = try (0..<f.metadataInt("count")).map { "t\($0)" }.filter { !differentiable.contains($0) }
        .map { try f.tensor("input.\($0)") }
    #expect(constants.count == 1)
    try Fixture.runOp("concat_partial_grad", differentiable: differentiable) { f, t in
        try Tensor.concat([t["t0"]!, constants[0], t["t2"]!], axis: f.metadataInt("axis"))
    }
    #expect(constants[0].grad == nil)
}

@Test func concatGradientsMatchCentralDifferencesAlongEveryAxis() throws {
    let a = try randomTensor([2, 3, 4], seed: 104)
    let b0 = try randomTensor([1, 3, 4], seed: 105), b1 = try randomTensor([2, 2, 4], seed: 106), b2 = try randomTensor([2, 3, 1], seed: 107)
    for (axis, b) in [(0, b0), (1, b1), (2, b2), (-1, b2), (-3, b0)] {
        try gradientCheck("concat axis \(axis)", inputs: [a, b]) { try Tensor.concat($0, axis: axis) }
        // Only the first input requires grad; the second is a constant captured by the closure.
        let constant = b.copy()
        try gradientCheck("concat axis \(axis), second input constant", inputs: [a]) {
            try Tensor.concat([$0[0], constant], axis: axis)
        }
        #expect(constant.grad == nil)
    }
}

@Test func concatAndSliceCountNegativeAxesFromTheEnd() throws {
    let a = try randomTensor([2, 3, 4], seed: 108), b = try randomTensor([2, 3, 2], seed: 109)
    #expect(try Tensor.concat([a, b], axis: -1).scalars == Tensor.concat([a, b], axis: 2).scalars)
    #expect(try a.slice(axis: -2, range: 1..<3).scalars == a.slice(axis: 1, range: 1..<3).scalars)
}

@Test(arguments: ["slice_axis0", "slice_axis1", "slice_axis2"])
func sliceMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in
        try t["x"]!.slice(axis: f.metadataInt("axis"), range: f.metadataInt("start")..<f.metadataInt("end"))
    }
}

@Test func reshapeInfersOneDimensionAndSharesStorage() throws {
    let x = try randomTensor([2, 3, 4], seed: 100)
    let y = try x.reshaped([-1, 6])
    #expect(y.shape == [4, 6])
    #expect(y.data == x.data)
}

@Test func shapeOpGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 4], seed: 101), y = try randomTensor([2, 1, 4], seed: 102), z = try randomTensor([2, 2, 4], seed: 103)
    try gradientCheck("reshape", inputs: [x]) { try $0[0].reshaped([4, -1]) }
    try gradientCheck("transposedLastTwo", inputs: [x]) { try $0[0].transposedLastTwo() }
    try gradientCheck("concat axis 1", inputs: [x, y, z]) { try Tensor.concat($0, axis: 1) }
    try gradientCheck("concat axis 0", inputs: [x, z.reshaped([2, 2, 4]).copy()]) {
        try Tensor.concat([$0[0].slice(axis: 1, range: 1..<3), $0[1]], axis: 0)
    }
    try gradientCheck("concat axis 2", inputs: [x, x.copy()]) { try Tensor.concat($0, axis: 2) }
    try gradientCheck("slice axis 1", inputs: [x]) { try $0[0].slice(axis: 1, range: 1..<3) }
    try gradientCheck("slice axis 2", inputs: [x]) { try $0[0].slice(axis: 2, range: 0..<1) }
    try gradientCheck("slice axis 0", inputs: [x]) { try $0[0].slice(axis: 0, range: 1..<2) }
    // A chain through every shape op at once, with a non-trivial consumer.
    try gradientCheck("reshape→transpose→slice→concat→mul", inputs: [x]) { t in
        let a = try t[0].reshaped([2, 4, 3]).transposedLastTwo()  // (2, 3, 4)
        let b = try a.slice(axis: 1, range: 0..<2)
        let c = try Tensor.concat([b, a], axis: 1)  // (2, 5, 4)
        return try c * c
    }
}
