// linear(stackedWeights:biases:) — the fused Q/K/V projection — is concat + linear, bit for bit,
// and its gradients match central differences.
import Testing
import TinyformerTensor
import TinyformerTestSupport

/// Output and every gradient of `x.linear(stackedWeights:biases:)` and of concat + linear, after
/// `backward(gradient:)` with the same seed.
private func bothWays(input: [Int], outs: [Int], seed: UInt64) throws -> (stacked: [[Float]], concat: [[Float]]) {
    func run(_ stacked: Bool) throws -> [[Float]] {
        let x = try randomTensor(input, seed: seed)
        let ws = try outs.enumerated().map { try randomTensor([$1, input.last!], seed: seed + 10 + UInt64($0)) }
        let bs = try outs.enumerated().map { try randomTensor([$1], seed: seed + 20 + UInt64($0)) }
        let y = stacked
            ? try x.linear(stackedWeights: ws, biases: bs)
            : try x.linear(weight: Tensor.concat(ws, axis: 0), bias: Tensor.concat(bs, axis: 0))
        try y.backward(gradient: randomTensor(y.shape, seed: seed + 30))
        return [y.scalars, x.grad!.scalars] + ws.map { $0.grad!.scalars } + bs.map { $0.grad!.scalars }
    }
    return (try run(true), try run(false))
}

@Test func stackedLinearIsConcatPlusLinearBitForBit() throws {
    let small = try bothWays(input: [2, 5, 8], outs: [8, 8, 8], seed: 1)
    #expect(small.stacked == small.concat)
    let uneven = try bothWays(input: [7, 6], outs: [3, 5], seed: 2)
    #expect(uneven.stacked == uneven.concat)
}

@Test func stackedLinearIsConcatPlusLinearBitForBitOnOpenBLASSizedGradients() throws {
    // 1,200 rows: the weight gradient goes to OpenBLAS with its rows split over the pool.
    let large = try bothWays(input: [4, 300, 64], outs: [64, 64, 64], seed: 3)
    #expect(large.stacked == large.concat)
}

@Test func stackedLinearGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 4], seed: 4)
    let w1 = try randomTensor([3, 4], seed: 5), w2 = try randomTensor([2, 4], seed: 6)
    let b1 = try randomTensor([3], seed: 7), b2 = try randomTensor([2], seed: 8)
    try gradientCheck("stacked linear", inputs: [x, w1, w2, b1, b2]) {
        try $0[0].linear(stackedWeights: [$0[1], $0[2]], biases: [$0[3], $0[4]])
    }
}

@Test func stackedLinearAccumulatesIntoExistingGradients() throws {
    let x = try randomTensor([3, 4], seed: 9), w = try randomTensor([2, 4], seed: 10), b = try randomTensor([2], seed: 11)
    try x.linear(stackedWeights: [w], biases: [b]).backward(gradient: Tensor.full([3, 2], value: 1))
    let once = try #require(w.grad).scalars
    try x.linear(stackedWeights: [w], biases: [b]).backward(gradient: Tensor.full([3, 2], value: 1))
    assertClose(try #require(w.grad).scalars, once.map { 2 * $0 }, "weight gradient after two backward passes")
}

@Test func stackedLinearRejectsMismatchedShapes() throws {
    let x = try randomTensor([3, 4], seed: 12), w = try randomTensor([2, 4], seed: 13), b = try randomTensor([2], seed: 14)
    #expect(throws: TensorError.self) { try x.linear(stackedWeights: [w], biases: []) }
    #expect(throws: TensorError.self) { try x.linear(stackedWeights: [], biases: []) }
    #expect(throws: TensorError.self) { try x.linear(stackedWeights: [try randomTensor([2, 5], seed: 15)], biases: [b]) }
    #expect(throws: TensorError.self) { try x.linear(stackedWeights: [w], biases: [try randomTensor([3], seed: 16)]) }
}
