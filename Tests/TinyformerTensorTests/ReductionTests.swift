// sum() and mean() to a scalar; sum, mean, max and argmax along an axis.
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

@Test(arguments: ["sum_axis0", "sum_axis1", "sum_axis_last_keepdim", "sum_axis_neg2"])
func sumAlongAnAxisMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in
        try t["x"]!.sum(axis: f.metadataInt("axis"), keepingDimension: f.metadataBool("keepdim"))
    }
}

@Test(arguments: ["mean_axis0", "mean_axis1_keepdim", "mean_axis_last"])
func meanAlongAnAxisMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in
        try t["x"]!.mean(axis: f.metadataInt("axis"), keepingDimension: f.metadataBool("keepdim"))
    }
}

@Test(arguments: ["max_axis0", "max_axis1_keepdim", "max_axis_last", "max_ties"])
func maxAlongAnAxisMatchesTorchValuesAndSendsTheGradientToTheFirstMaximum(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in
        try t["x"]!.max(axis: f.metadataInt("axis"), keepingDimension: f.metadataBool("keepdim"))
    }
}

@Test(arguments: ["max_axis0", "max_axis1_keepdim", "max_axis_last", "max_ties"])
func argmaxMatchesTorchIndicesChoosingTheFirstTie(case name: String) throws {
    let f = try Fixture("ops/\(name)")
    let x = try f.tensor("input.x")
    #expect(try x.argmax(axis: f.metadataInt("axis")) == f.ints("indices"))
}

@Test func axisReductionGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 4], seed: 91)
    // Distinct values 0.1 apart (a permutation of −1.2, −1.1, …, 1.1): ±eps = 1e-2 never swaps
    // a maximum.
    let spaced = try Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float(($0 * 7) % 24) * 0.1 - 1.2 })
    for axis in [0, 1, 2, -1] {
        try gradientCheck("sum axis \(axis)", inputs: [x]) { try $0[0].sum(axis: axis) }
        try gradientCheck("mean axis \(axis) keepdim", inputs: [x]) { try $0[0].mean(axis: axis, keepingDimension: true) }
        try gradientCheck("max axis \(axis)", inputs: [spaced]) { try $0[0].max(axis: axis) }
    }
}

@Test func axisSumOfALargeTensorIsTheSequentialSumBitForBit() throws {
    // 64·33·40 elements: split over the pool. Each output must be Σ in axis order from 0.
    let x = try randomTensor([64, 33, 40], seed: 92)
    for axis in 0..<3 {
        let y = try x.sum(axis: axis).scalars
        let shape = x.shape
        let outer = shape[..<axis].reduce(1, *), size = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var expected = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var total: Float = 0
                for a in 0..<size { total += x.data[(o * size + a) * inner + i] }
                expected[o * inner + i] = total
            }
        }
        #expect(y == expected, "axis \(axis)")
    }
}

@Test func axisReductionsKeepOrDropTheDimension() throws {
    let x = try Tensor(shape: [2, 3], scalars: [1, 5, 2, 7, 0, 7])
    #expect(try x.sum(axis: 1).shape == [2])
    #expect(try x.sum(axis: -2, keepingDimension: true).shape == [1, 3])
    #expect(try x.max(axis: 1).scalars == [5, 7])
    #expect(try x.argmax(axis: 1) == [1, 0])  // the first of two 7s
    #expect(try x.mean(axis: 0).scalars == [4, 2.5, 4.5])
}

@Test func axisReductionsRejectAnAxisOutsideTheRankNamingIt() throws {
    let x = try Tensor.zeros([2, 3])
    let e = expectError(mentioning: ["sum", "2", "-2..<2"]) { try x.sum(axis: 2) }
    #expect(e == .indexOutOfRange(op: "sum", index: 2, validRange: "axes -2..<2"))
    expectError(mentioning: ["mean", "-3"]) { try x.mean(axis: -3) }
    expectError(mentioning: ["max", "5"]) { try x.max(axis: 5) }
    expectError(mentioning: ["argmax", "-3"]) { try x.argmax(axis: -3) }
}

@Test func meanMaxAndArgmaxRejectAnEmptyAxis() throws {
    let x = try Tensor.zeros([2, 0, 3])
    #expect(try x.sum(axis: 1).scalars == [Float](repeating: 0, count: 6))  // an empty sum is 0
    expectError(mentioning: ["mean", "[2, 0, 3]", "non-empty"]) { try x.mean(axis: 1) }
    expectError(mentioning: ["max", "[2, 0, 3]"]) { try x.max(axis: 1) }
    expectError(mentioning: ["argmax", "[2, 0, 3]"]) { try x.argmax(axis: -2) }
}

@Test func axisReductionsOfTensorsWithNothingElseToReduceOverAreEmpty() throws {
    let x = try Tensor.zeros([0, 3], requiresGrad: true)
    #expect(try x.max(axis: 1).shape == [0])
    #expect(try x.argmax(axis: -1) == [])
    #expect(try x.sum(axis: 1, keepingDimension: true).shape == [0, 1])
    #expect(try x.mean(axis: 1).count == 0)
    try x.max(axis: 1).sum().backward()
    #expect(x.grad?.count == 0)
}
