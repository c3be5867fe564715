import Foundation
import Synchronization

/// A 64-byte aligned, manually managed Float32 buffer. Reshaped tensors share one storage.
/// Freed when the last tensor referencing it goes away.
public final class TensorStorage: @unchecked Sendable {
    /// First element; `count` elements are valid.
    public let base: UnsafeMutablePointer<Float>
    public let count: Int
    private let tracker: AllocationTracker?

    /// Allocates `count` floats, set to zero when `zeroed`. Used only where the size equals or is
    /// below that of a tensor that already exists (elementwise ops, gradients, slices): running
    /// out of memory there traps, as a Swift `Array` allocation does. Every size a caller can make
    /// larger (constructors, matmul, bmm, attention, embedding, concat) goes through
    /// `init?(allocating:zeroed:)` and throws `TensorError` instead.
    convenience init(count: Int, zeroed: Bool) {
        guard let buffer = Self.allocate(count, zeroed: zeroed) else {
            fatalError("TensorStorage: out of memory allocating \(count) floats")
        }
        self.init(buffer: buffer, count: count)
    }

    /// Allocates `count` floats, or nil when the allocation fails.
    convenience init?(allocating count: Int, zeroed: Bool) {
        guard let buffer = Self.allocate(count, zeroed: zeroed) else { return nil }
        self.init(buffer: buffer, count: count)
    }

    private init(buffer: UnsafeMutablePointer<Float>, count: Int) {
        base = buffer
        self.count = count
        tracker = AllocationTracker.current
        tracker?.allocated(count * MemoryLayout<Float>.stride)
    }

    /// A 64-byte aligned buffer of `count` floats (at least one), or nil; large buffers come
    /// from `TensorMemory`'s cache of freed ones.
    private static func allocate(_ count: Int, zeroed: Bool) -> UnsafeMutablePointer<Float>? {
        guard let raw = TensorMemory.shared.acquire(byteCount(count)) else { return nil }
        let buffer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        if zeroed {
            Parallel.elementwise(count) { range in (buffer + range.lowerBound).initialize(repeating: 0, count: range.count) }
        }
        return buffer
    }

    deinit {
        tracker?.freed(count * MemoryLayout<Float>.stride)
        TensorMemory.shared.release(UnsafeMutableRawPointer(base), bytes: Self.byteCount(count))
    }

    private static func byteCount(_ count: Int) -> Int { max(count, 1) * MemoryLayout<Float>.stride }
}

/// Counts the tensor bytes allocated inside `AllocationTracker.track` on the current task:
/// live bytes now and the peak. Used to prove that the autodiff graph releases what it saved
/// (a training loop's peak must not grow with the number of steps). Task-local, so concurrent
/// work elsewhere in the process does not disturb the counts.
public final class AllocationTracker: Sendable {
    @TaskLocal static var current: AllocationTracker?

    private let live = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    public init() {}

    /// Bytes of tensor storage allocated under this tracker and not yet freed.
    public var liveBytes: Int { live.load(ordering: .relaxed) }
    /// The largest `liveBytes` seen since creation or the last `resetPeak()`.
    public var peakBytes: Int { peak.load(ordering: .relaxed) }

    /// Starts a new peak measurement from the current live bytes.
    public func resetPeak() { peak.store(live.load(ordering: .relaxed), ordering: .relaxed) }

    /// Runs `body` with every tensor allocation on this task counted by this tracker.
    public func track<R>(_ body: () throws -> R) rethrows -> R {
        try AllocationTracker.$current.withValue(self, operation: body)
    }

    func allocated(_ bytes: Int) {
        let now = live.wrappingAdd(bytes, ordering: .relaxed).newValue
        var seen = peak.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, original) = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
    }

    func freed(_ bytes: Int) { live.wrappingSubtract(bytes, ordering: .relaxed) }
}
