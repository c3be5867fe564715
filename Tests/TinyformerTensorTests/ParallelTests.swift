// The batch split over the worker pool must not change results: each batch item is computed by
// the same kernel whichever thread runs it.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func batchedProductSplitOverThreadsEqualsItemByItemBitForBit() throws {
    // 64×20×64×20 = 3.3 MFLOP: above the split threshold; each single item is far below it.
    let a = try randomTensor([64, 20, 64], seed: 1), b = try randomTensor([64, 64, 20], seed: 2)
    let whole = try a.bmm(b).scalars
    for item in [0, 17, 63] {
        let ai = try a.slice(axis: 0, range: item..<(item + 1)), bi = try b.slice(axis: 0, range: item..<(item + 1))
        #expect(try ai.bmm(bi).scalars == Array(whole[(item * 400)..<((item + 1) * 400)]))
    }
}

@Test func attentionSplitOverThreadsEqualsItemByItemBitForBit() throws {
    let q = try randomTensor([32, 20, 64], seed: 3), k = try randomTensor([32, 20, 64], seed: 4)
    let v = try randomTensor([32, 20, 64], seed: 5)
    let whole = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true).output.scalars
    for item in [0, 31] {
        let r = item..<(item + 1)
        let single = try Tensor.attention(query: q.slice(axis: 0, range: r), key: k.slice(axis: 0, range: r),
                                          value: v.slice(axis: 0, range: r), heads: 2, causal: true).output.scalars
        #expect(single == Array(whole[(item * 1280)..<((item + 1) * 1280)]))
    }
}

@Test func concurrentCallersGetCorrectResults() async throws {
    let a = try randomTensor([64, 20, 64], seed: 6), b = try randomTensor([64, 64, 20], seed: 7)
    let expected = try a.bmm(b).scalars
    try await withThrowingTaskGroup(of: [Float].self) { group in
        for _ in 0..<8 { group.addTask { try withNoGrad { try a.bmm(b).scalars } } }
        for try await result in group { #expect(result == expected) }
    }
}
