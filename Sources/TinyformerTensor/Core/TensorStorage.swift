import Foundation

/// A 64-byte aligned, manually managed Float32 buffer. Reshaped tensors share one storage.
/// Freed when the last tensor referencing it goes away.
public final class TensorStorage: @unchecked Sendable {
    /// First element; `count` elements are valid.
    public let base: UnsafeMutablePointer<Float>
    public let count: Int

    /// Allocates `count` floats, set to zero when `zeroed`.
    init(count: Int, zeroed: Bool) {
        self.count = count
        var raw: UnsafeMutableRawPointer?
        // posix_memalign only fails on out-of-memory, which Swift treats as fatal everywhere.
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        if posix_memalign(&raw, 64, bytes) != 0 || raw == nil {
            fatalError("TensorStorage: out of memory allocating \(bytes) bytes")
        }
        base = raw!.bindMemory(to: Float.self, capacity: max(count, 1))
        if zeroed { base.initialize(repeating: 0, count: count) }
    }

    deinit { free(base) }
}
