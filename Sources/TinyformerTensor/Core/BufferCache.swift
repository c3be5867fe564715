import Foundation
import Synchronization

/// Keeps freed tensor buffers for reuse, like PyTorch's caching allocators: a training step
/// allocates and frees the same activation sizes every step, and glibc serves buffers above its
/// mmap threshold with fresh pages each time. Measured on the h64/large Pig Latin run before this
/// cache: page faults, `munmap` and zero-filling took ~20 % of the main thread
/// (docs/PERFORMANCE.md).
///
/// Buffers larger than `minimumBytes` are rounded up to a size class (2ᵏ, 1.25·2ᵏ, 1.5·2ᵏ,
/// 1.75·2ᵏ: at most 25 % slack) and, when freed, kept in a per-class free list until
/// `TensorMemory.cacheLimitBytes` would be exceeded; smaller ones go straight to malloc. The floor
/// was 16 KiB until data-parallel replicas halved the activations of small batches; caching
/// everything above 64 bytes in array-indexed free lists made an add with its backward 871 →
/// 745 ns and the h32/small epoch 3–4 % faster (alternating runs): glibc's 64-byte aligned
/// `posix_memalign` is slower than a free-list pop. Thread-safe (one mutex; an acquire or release
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

    /// The cache every tensor allocates through.
    static let shared = BufferCache(limit: 256 << 20)
}

/// Per-size-class free lists of 64-byte aligned buffers (see `TensorMemory`). Thread-safe.
final class BufferCache: Sendable {
    private let state: Mutex<State>

    init(limit: Int) { state = Mutex(State(limit: limit)) }

    var limit: Int {
        get { state.withLock { $0.limit } }
        set {
            freeAddresses(state.withLock { state -> [Int] in
                state.limit = max(0, newValue)
                return state.evict(downTo: state.limit)
            })
        }
    }

    var cachedBytes: Int { state.withLock { $0.cachedBytes } }

    func empty() { freeAddresses(state.withLock { $0.evict(downTo: 0) }) }

    /// A 64-byte aligned buffer of `TensorMemory.sizeClass(bytes)` bytes, reused when one is
    /// free; nil when the system is out of memory.
    func acquire(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let size = TensorMemory.sizeClass(bytes)
        if size > TensorMemory.minimumBytes, let reused = state.withLock({ $0.take(size) }) {
            return UnsafeMutableRawPointer(bitPattern: reused)
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
        if size > TensorMemory.minimumBytes, state.withLock({ $0.put(Int(bitPattern: pointer), size: size) }) { return }
        free(pointer)
    }

    private func freeAddresses(_ addresses: [Int]) {
        for address in addresses { free(UnsafeMutableRawPointer(bitPattern: address)) }
    }

    /// Free lists hold addresses as integers so the state is plainly Sendable; an address taken
    /// out is owned by exactly one `TensorStorage`. One list per size class, indexed by
    /// `TensorMemory.classIndex` (an array, not a dictionary: no hashing on the hot path).
    private struct State: ~Copyable {
        var free: [[Int]] = Array(repeating: [], count: 4 * Int.bitWidth)
        var cachedBytes = 0
        var limit: Int

        init(limit: Int) { self.limit = limit }

        mutating func take(_ size: Int) -> Int? {
            guard let pointer = free[TensorMemory.classIndex(size)].popLast() else { return nil }
            cachedBytes -= size
            return pointer
        }

        /// Whether the buffer was kept (false: over the limit, the caller frees it).
        mutating func put(_ pointer: Int, size: Int) -> Bool {
            guard cachedBytes + size <= limit else { return false }
            free[TensorMemory.classIndex(size)].append(pointer)
            cachedBytes += size
            return true
        }

        /// Removes free buffers, largest classes first, until at most `bytes` remain cached.
        mutating func evict(downTo bytes: Int) -> [Int] {
            var evicted: [Int] = []
            for index in free.indices.reversed() where cachedBytes > bytes && !free[index].isEmpty {
                let power = index / 4, size = (1 << power) + (index % 4 + 1) << (power - 2)  // classIndex⁻¹
                while cachedBytes > bytes, let pointer = free[index].popLast() {
                    evicted.append(pointer)
                    cachedBytes -= size
                }
            }
            return evicted
        }
    }
}
