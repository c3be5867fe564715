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

// Parallel.concurrentParts: the runner of data-parallel replicas.

@Test func concurrentPartsReturnResultsInPartOrder() throws {
    #expect(try Parallel.concurrentParts(5) { $0 * $0 } == [0, 1, 4, 9, 16])
    #expect(try Parallel.concurrentParts(0) { $0 }.isEmpty)
}

@Test func opsInsideAConcurrentPartRunSerially() throws {
    let outside = Parallel.threads
    #expect(try Parallel.concurrentParts(2) { _ in Parallel.threads } == [1, 1])
    #expect(Parallel.threads == outside)
}

@Test func concurrentPartsComputeTheSameBitsAsTheCaller() throws {
    // 64×20×64×20 = 3.3 MFLOP: split over the pool on the caller, serial inside a part.
    let a = try randomTensor([64, 20, 64], seed: 8), b = try randomTensor([64, 64, 20], seed: 9)
    let expected = try a.bmm(b).scalars
    for result in try Parallel.concurrentParts(3, { _ in try a.bmm(b).scalars }) { #expect(result == expected) }
}

@Test func concurrentPartsSeeTheCallersGradModeAndAllocationTracker() throws {
    let x = try randomTensor([4, 4], seed: 10)
    let recorded = try withNoGrad { try Parallel.concurrentParts(2) { _ in try (x + x).requiresGrad } }
    #expect(recorded == [false, false])
    #expect(try Parallel.concurrentParts(2) { _ in try (x + x).requiresGrad } == [true, true])

    let tracker = AllocationTracker()
    let kept = try tracker.track { try Parallel.concurrentParts(2) { _ in try Tensor.zeros([1024]) } }
    withExtendedLifetime(kept) {
        #expect(tracker.liveBytes == 2 * 1024 * 4, "both parts' tensors must be counted")
    }
}

@Test func concurrentPartsRethrowTheLowestFailingPart() {
    struct Failed: Error, Equatable { let part: Int }
    var finished = [Bool](repeating: false, count: 4)
    #expect(throws: Failed(part: 1)) {
        try finished.withUnsafeMutableBufferPointer { done in
            _ = try Parallel.concurrentParts(4) { part in
                done[part] = true
                if part % 2 == 1 { throw Failed(part: part) }
            }
        }
    }
    #expect(finished == [true, true, true, true], "every part runs to the end before the error is rethrown")
}
