import COpenBLAS
import Foundation
import Synchronization

/// Keeps freed tensor buffers for reuse, like PyTorch's caching allocators: a training step
/// allocates and frees the same activation sizes every step, and glibc serves buffers above its
/// mmap threshold with fresh pages each time: page faults, `munmap` and zero-filling would take a
/// large share of a training step (docs/PERFORMANCE.md, "Design measurements").
///
/// Buffers larger than `minimumBytes` are rounded up to a size class (2ᵏ, 1.25·2ᵏ, 1.5·2ᵏ,
/// 1.75·2ᵏ: at most 25 % slack) and, when freed, kept in a per-class free list until
/// `TensorMemory.cacheLimitBytes` would be exceeded; smaller ones go straight to malloc. The floor
/// is low because glibc's 64-byte aligned `posix_memalign` is slower than a free-list pop even for
/// the small activations of data-parallel slices. Thread-safe (one mutex; an acquire or release
/// is a few tens of nanoseconds).
public enum TensorMemory {
    /// Requests up to this size bypass the cache (64 bytes: scalars and tiny vectors).
    public static let minimumBytes = 64

    /// Upper bound on the bytes held by free buffers (default 256 MiB); lowering it frees the
    /// excess at once. The live tensors themselves are not limited.
    public static var cacheLimitBytes: Int {
        get { shared.limit }
        set { shared.limit = newValue }
    }

    /// Bytes currently held by free buffers in the cache.
    public static var cachedBytes: Int { shared.cachedBytes }

    /// Returns every cached free buffer to the system (`torch.cuda.empty_cache()`'s role).
    public static func emptyCache() { shared.empty() }

    /// The size class a request of `bytes` is served from (itself below `minimumBytes`).
    static func sizeClass(_ bytes: Int) -> Int {
        guard bytes > minimumBytes else { return bytes }
        let power = Int.bitWidth - 1 - (bytes - 1).leadingZeroBitCount  // 2^power < bytes ≤ 2^(power+1)
        let quarter = 1 << (power - 2)
        return (1 << power) + quarter * ((bytes - (1 << power) + quarter - 1) / quarter)
    }

    /// The free-list slot of a size class above `minimumBytes`: 2^p + k·2^(p−2) (k = 1…4) → 4p + k − 1.
    static func classIndex(_ size: Int) -> Int {
        let power = Int.bitWidth - 1 - (size - 1).leadingZeroBitCount
        return 4 * power + (size - (1 << power)) >> (power - 2) - 1
    }

    /// The size of the class in free-list slot `index` (the inverse of `classIndex`).
    static func classSize(_ index: Int) -> Int {
        let power = index / 4
        return (1 << power) + (index % 4 + 1) << (power - 2)
    }

    /// The cache every tensor allocates through.
    static let shared = BufferCache(limit: 256 << 20, threadMagazines: true)
}

/// Per-size-class free lists of 64-byte aligned buffers (see `TensorMemory`). Thread-safe.
///
/// With `threadMagazines` (the shared cache), each thread first keeps up to 64 free buffers per
/// class in a magazine of its own (`tf_magazine_*` in the shim) and only overflows into, or
/// refills from, the locked lists: data-parallel slices allocate the same classes on both cores
/// all the time, and through one lock the lists' heads would move between the cores on every
/// allocation. The cached bytes and
/// the limit count magazines too; `empty()` asks every thread to hand its magazine back, which
/// each does at its next acquire or release (the calling thread at once).
final class BufferCache: Sendable {
    private let state = Mutex(State())
    private let cached = Atomic<Int>(0)
    private let limitBytes: Atomic<Int>
    private let threadMagazines: Bool

    init(limit: Int, threadMagazines: Bool = false) {
        limitBytes = Atomic(max(0, limit))
        self.threadMagazines = threadMagazines
    }

    var limit: Int {
        get { limitBytes.load(ordering: .relaxed) }
        set {
            limitBytes.store(max(0, newValue), ordering: .relaxed)
            evict(downTo: max(0, newValue))
        }
    }

    /// Bytes held by free buffers, magazines included.
    var cachedBytes: Int {
        forgetExitedMagazines()
        return cached.load(ordering: .relaxed)
    }

    func empty() { evict(downTo: 0) }

    /// A 64-byte aligned buffer of `TensorMemory.sizeClass(bytes)` bytes, reused when one is
    /// free; nil when the system is out of memory.
    func acquire(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let size = TensorMemory.sizeClass(bytes)
        if size > TensorMemory.minimumBytes {
            let index = TensorMemory.classIndex(size)
            if threadMagazines {
                handBackMagazineIfAsked()
                if let reused = tf_magazine_take(Int32(index)) {
                    cached.wrappingSubtract(size, ordering: .relaxed)
                    return reused
                }
            }
            if let reused = state.withLock({ $0.take(index) }) {
                cached.wrappingSubtract(size, ordering: .relaxed)
                return UnsafeMutableRawPointer(bitPattern: reused)
            }
        }
        var raw: UnsafeMutableRawPointer?
        if posix_memalign(&raw, 64, size) == 0, let raw { return raw }
        // The cache may be holding what the system lacks: give it back and retry once.
        empty()
        return posix_memalign(&raw, 64, size) == 0 ? raw : nil
    }

    /// Returns a buffer obtained from `acquire(bytes)`.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let size = TensorMemory.sizeClass(bytes)
        guard size > TensorMemory.minimumBytes, reserve(size) else {
            free(pointer)
            return
        }
        let index = TensorMemory.classIndex(size)
        if threadMagazines {
            handBackMagazineIfAsked()
            if tf_magazine_put(Int32(index), pointer, Int64(size)) != 0 { return }
        }
        state.withLock { $0.put(Int(bitPattern: pointer), index: index) }
    }

    /// Counts `size` more cached bytes when that stays within the limit.
    private func reserve(_ size: Int) -> Bool {
        for attempt in 0..<2 {
            var current = cached.load(ordering: .relaxed)
            while current + size <= limitBytes.load(ordering: .relaxed) {
                let (exchanged, original) = cached.compareExchange(expected: current, desired: current + size, ordering: .relaxed)
                if exchanged { return true }
                current = original
            }
            // Over the limit: maybe only because threads that exited still count; retry once.
            if attempt == 0, !forgetExitedMagazines() { return false }
        }
        return false
    }

    /// Uncounts the buffers freed with exited threads' magazines; whether there were any.
    @discardableResult
    private func forgetExitedMagazines() -> Bool {
        guard threadMagazines else { return false }
        let bytes = Int(tf_magazine_take_exited_bytes())
        if bytes > 0 { cached.wrappingSubtract(bytes, ordering: .relaxed) }
        return bytes > 0
    }

    /// Frees cached buffers until at most `bytes` remain: the shared lists' largest classes
    /// first, then (asking every thread) the magazines.
    private func evict(downTo bytes: Int) {
        let evicted = state.withLock { state in
            state.evict { size in
                guard self.cached.load(ordering: .relaxed) > bytes else { return false }
                self.cached.wrappingSubtract(size, ordering: .relaxed)
                return true
            }
        }
        for address in evicted { free(UnsafeMutableRawPointer(bitPattern: address)) }
        if threadMagazines && cached.load(ordering: .relaxed) > bytes {
            tf_magazine_request_drain()
            handBackMagazineIfAsked()
        }
    }

    /// Frees this thread's magazine when a drain was requested since it last did.
    private func handBackMagazineIfAsked() {
        guard tf_magazine_drain_requested() != 0 else { return }
        var index: Int32 = 0
        while let buffer = tf_magazine_pop_any(&index) {
            cached.wrappingSubtract(TensorMemory.classSize(Int(index)), ordering: .relaxed)
            free(buffer)
        }
    }

    /// Free lists hold addresses as integers so the state is plainly Sendable; an address taken
    /// out is owned by exactly one `TensorStorage`. One list per size class, indexed by
    /// `TensorMemory.classIndex` (an array, not a dictionary: no hashing on the hot path).
    private struct State: ~Copyable {
        var free: [[Int]] = Array(repeating: [], count: 4 * Int.bitWidth)

        mutating func take(_ index: Int) -> Int? { free[index].popLast() }

        mutating func put(_ pointer: Int, index: Int) { free[index].append(pointer) }

        /// Removes free buffers, largest classes first, while `uncount(size)` agrees (it
        /// uncounts the bytes and returns true, or returns false to stop).
        mutating func evict(while uncount: (Int) -> Bool) -> [Int] {
            var evicted: [Int] = []
            for index in free.indices.reversed() where !free[index].isEmpty {
                let size = TensorMemory.classSize(index)
                while !free[index].isEmpty {
                    guard uncount(size) else { return evicted }
                    evicted.append(free[index].removeLast())
                }
            }
            return evicted
        }
    }
}
