// The cache of freed tensor buffers: size classes, reuse, the limit, and that reused memory
// never leaks old values into tensors that must start at zero. Reuse and limits are checked on a
// private `BufferCache` (the shared one is used concurrently by every other test); the shared
// cache's per-thread magazines on threads of their own.
import COpenBLAS
import Foundation
import Synchronization
import Testing
@testable import TinyformerTensor

@Test func sizeClassesCoverTheRequestWithAtMostAQuarterSlack() {
    var previous = 0
    for bytes in stride(from: TensorMemory.minimumBytes + 4, through: 1 << 24, by: 4099) {
        let size = TensorMemory.sizeClass(bytes)
        #expect(size >= bytes && Double(size) <= 1.25 * Double(bytes), "class \(size) for \(bytes) bytes")
        #expect(size >= previous, "classes must not shrink as requests grow (\(bytes) → \(size) < \(previous))")
        previous = size
    }
    #expect(TensorMemory.sizeClass(1 << 20) == 1 << 20)
    #expect(TensorMemory.sizeClass((1 << 20) + 1) == (1 << 20) + (1 << 18))
    #expect(TensorMemory.sizeClass(TensorMemory.minimumBytes) == TensorMemory.minimumBytes,
            "requests up to the floor are not rounded (malloc serves them)")
}

@Test func everySizeClassHasItsOwnFreeListSlot() {
    var slots: [Int: Int] = [:]  // slot → class
    var bytes = TensorMemory.minimumBytes + 1
    while bytes <= 1 << 40 {
        let size = TensorMemory.sizeClass(bytes)
        let slot = TensorMemory.classIndex(size)
        #expect(slots[slot, default: size] == size, "classes \(slots[slot] ?? 0) and \(size) share slot \(slot)")
        slots[slot] = size
        #expect(slot >= 0 && slot < 4 * Int.bitWidth)
        bytes = size + 1
    }
    #expect(slots.count > 4 * 30, "every quarter-step class up to 1 TiB visited")
}

@Test func aFreedBufferIsReusedForTheSameSizeClass() throws {
    let cache = BufferCache(limit: 1 << 30)
    let first = try #require(cache.acquire(400_000))
    #expect(Int(bitPattern: first) % 64 == 0, "64-byte aligned")
    cache.release(first, bytes: 400_000)
    #expect(cache.cachedBytes == TensorMemory.sizeClass(400_000))
    let second = try #require(cache.acquire(399_000))  // same class
    #expect(second == first)
    #expect(cache.cachedBytes == 0)
    let other = try #require(cache.acquire(900_000))  // another class: fresh memory
    #expect(other != first)
    cache.release(second, bytes: 399_000)
    cache.release(other, bytes: 900_000)
    cache.empty()
}

@Test func buffersUpToTheFloorBypassTheCache() throws {
    let cache = BufferCache(limit: 1 << 30)
    let small = try #require(cache.acquire(TensorMemory.minimumBytes))
    cache.release(small, bytes: TensorMemory.minimumBytes)
    #expect(cache.cachedBytes == 0)
}

@Test func theCacheNeverHoldsMoreThanItsLimit() throws {
    let cache = BufferCache(limit: 1 << 20)
    let buffers = try (0..<8).map { _ in try #require(cache.acquire(400_000)) }
    for buffer in buffers { cache.release(buffer, bytes: 400_000) }
    #expect(cache.cachedBytes <= 1 << 20 && cache.cachedBytes > 0)
    cache.limit = 0
    #expect(cache.cachedBytes == 0, "lowering the limit frees the excess at once")
}

@Test func emptyReturnsEveryCachedBuffer() throws {
    let cache = BufferCache(limit: 1 << 30)
    let buffers = try (0..<3).map { i in try #require(cache.acquire(100_000 * (i + 1))) }
    for (i, buffer) in buffers.enumerated() { cache.release(buffer, bytes: 100_000 * (i + 1)) }
    #expect(cache.cachedBytes > 0)
    cache.empty()
    #expect(cache.cachedBytes == 0)
}

@Test func zerosAndGradientsFromReusedBuffersStartAtZero() throws {
    for _ in 0..<4 {
        var dirty: Tensor? = try Tensor.full([50_000], value: 7)
        #expect(dirty!.count == 50_000)
        dirty = nil  // its buffer goes to the shared cache, full of 7s
        #expect(try Tensor.zeros([50_000]).scalars.allSatisfy { $0 == 0 })
        let x = try Tensor.full([50_000], value: 2, requiresGrad: true)
        try x.sum().backward()
        #expect(x.grad!.scalars.allSatisfy { $0 == 1 }, "a gradient buffer must start at zero")
    }
}

@Test func concurrentThreadsKeepTheCountAndTheLimit() throws {
    let cache = BufferCache(limit: 3 << 20)
    // Four threads (pool threads or, when fewer, one after another) churn through sizes.
    _ = try Parallel.concurrentParts(4) { part in
        for round in 0..<200 {
            let sizes = (1...6).map { 1_000 * (part + 1) * $0 + 97 * round }
            let buffers = sizes.map { cache.acquire($0)! }
            for (buffer, size) in zip(buffers, sizes) { cache.release(buffer, bytes: size) }
        }
    }
    #expect(cache.cachedBytes > 0 && cache.cachedBytes <= 3 << 20, "cached \(cache.cachedBytes) bytes")
    cache.empty()
    #expect(cache.cachedBytes == 0)
}

// Per-thread magazines (the shared cache's fast path). Each check runs on a thread of its own,
// whose magazine no other test can touch.

/// Runs `body` on a new thread and waits for the thread to finish (and exit).
private func onFreshThread(_ body: @escaping @Sendable () -> Void) {
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        body()
        done.signal()
    }
    thread.start()
    done.wait()
    while !thread.isFinished { usleep(1_000) }
}

@Test func aThreadReusesTheBufferItJustReleased() {
    let reused = Mutex(false)
    onFreshThread {
        let bytes = 123_456
        guard let first = TensorMemory.shared.acquire(bytes) else { return }
        TensorMemory.shared.release(first, bytes: bytes)
        let second = TensorMemory.shared.acquire(bytes)
        reused.withLock { $0 = second == first }  // from this thread's magazine, not the shared lists
        if let second { TensorMemory.shared.release(second, bytes: bytes) }
    }
    #expect(reused.withLock { $0 })
}

@Test func emptyCacheHandsBackTheCallingThreadsMagazine() {
    let leftOver = Mutex(true)
    onFreshThread {
        let bytes = 654_321
        let index = Int32(TensorMemory.classIndex(TensorMemory.sizeClass(bytes)))
        guard let buffer = TensorMemory.shared.acquire(bytes) else { return }
        TensorMemory.shared.release(buffer, bytes: bytes)
        TensorMemory.emptyCache()
        let kept = tf_magazine_take(index)
        leftOver.withLock { $0 = kept != nil }
        if let kept { free(kept) }
    }
    #expect(!leftOver.withLock { $0 }, "the magazine still held a buffer after emptyCache()")
}

@Test func anExitingThreadFreesItsMagazineAndReportsTheBytes() throws {
    let index = TensorMemory.classIndex(TensorMemory.sizeClass(777_777))
    onFreshThread {
        if let buffer = malloc(TensorMemory.classSize(index)) { _ = tf_magazine_put(Int32(index), buffer, Int64(TensorMemory.classSize(index))) }
    }
    // The thread's TLS destructors run after Foundation marks it finished: wait for the report.
    var reported = 0
    for _ in 0..<500 where reported < TensorMemory.classSize(index) {
        reported += Int(tf_magazine_take_exited_bytes())
        if reported < TensorMemory.classSize(index) { usleep(2_000) }
    }
    #expect(reported >= TensorMemory.classSize(index), "exited threads reported \(reported) bytes")
}

@Test func classSizeInvertsClassIndex() {
    for bytes in [65, 1_000, 4_097, 123_456, 1 << 30] {
        let size = TensorMemory.sizeClass(bytes)
        #expect(TensorMemory.classSize(TensorMemory.classIndex(size)) == size)
    }
}
