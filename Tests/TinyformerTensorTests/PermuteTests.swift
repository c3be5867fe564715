// permuted(_:) (x.permute(*order).contiguous()) against PyTorch fixtures, central differences and
// a naive index-by-index copy.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["permute_heads", "permute_last_moves", "permute_3d", "permute_2d", "permute_negative", "permute_unit_dim"])
func permutedMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x"]) { f, t in try t["x"]!.permuted(f.metadataInts("order")) }
}

@Test func permutedGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 2, 4], seed: 150)
    for order in [[0, 2, 1, 3], [3, 2, 1, 0], [1, 0, 3, 2], [0, 1, 2, 3]] {
        try gradientCheck("permuted \(order)", inputs: [x]) { try $0[0].permuted(order) }
    }
    // Accumulates onto an earlier gradient (the first use overwrites a fresh one).
    try gradientCheck("permuted twice, summed", inputs: [x]) {
        try $0[0].permuted([0, 2, 1, 3]) + $0[0].permuted([0, 2, 1, 3])
    }
}

/// x.permute(order) element by element, the reference for the run-wise copy.
private func naivePermute(_ x: Tensor, _ order: [Int]) -> [Float] {
    let shape = x.shape, outShape = order.map { shape[$0] }
    var strides = [Int](repeating: 1, count: shape.count)
    for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
    var result = [Float](repeating: 0, count: x.count)
    for flat in 0..<x.count {
        var rest = flat, offset = 0
        for k in stride(from: outShape.count - 1, through: 0, by: -1) {
            offset += (rest % outShape[k]) * strides[order[k]]
            rest /= outShape[k]
        }
        result[flat] = x.data[offset]
    }
    return result
}

@Test func permutedLargeTensorsEqualTheNaiveCopy() throws {
    // (B, T, H, D) = 4·40·8·16 = 20K elements: split over the pool, runs of D.
    let x = try randomTensor([4, 40, 8, 16], seed: 151)
    for order in [[0, 2, 1, 3], [0, 2, 3, 1], [3, 0, 1, 2], [1, 0, 2, 3]] {
        #expect(try x.permuted(order).scalars == naivePermute(x, order), "order \(order)")
    }
}

@Test func permutingTheLastTwoAxesEqualsTransposedLastTwo() throws {
    let x = try randomTensor([3, 5, 7], seed: 152)
    #expect(try x.permuted([0, 2, 1]).scalars == x.transposedLastTwo().scalars)
    #expect(try x.permuted([0, 1, 2]).scalars == x.scalars)
}

@Test func permutedRejectsAnOrderThatIsNotAPermutation() throws {
    let x = try Tensor.zeros([2, 3, 4])
    expectError(mentioning: ["permuted", "[0, 1]", "[2, 3, 4]"]) { try x.permuted([0, 1]) }
    expectError(mentioning: ["permuted", "[0, 2, -1]", "twice"]) { try x.permuted([0, 2, -1]) }
    let e = expectError(mentioning: ["permuted", "3"]) { try x.permuted([0, 1, 3]) }
    #expect(e == .indexOutOfRange(op: "permuted", index: 3, validRange: "axes -3..<3"))
}
