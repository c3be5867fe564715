import COpenBLAS
import Foundation

/// The library's own worker pool, over which it splits large products, attention batches,
/// elementwise loops and data-parallel training steps (see `Parallel`).
public enum WorkerPool {
    /// Threads of the pool: the caller plus one worker per extra core, or
    /// `TINYFORMER_NUM_THREADS` when set to a positive number (1 disables the workers).
    public static var threadCount: Int { Parallel.poolThreads }

    /// The largest pool size; a larger `TINYFORMER_NUM_THREADS` is capped to it. A value that is
    /// not a whole number ≥ 1 written in digits is ignored (one thread per core).
    public static var maximumThreads: Int { Int(tf_pool_max_threads()) }
}

/// OpenBLAS thread control. Tinyformer parallelises its own work over `WorkerPool` and sets
/// OpenBLAS to 1 thread when its tensor ops are first used, because two thread pools on the same
/// cores fight for them (docs/PERFORMANCE.md). Raising this again is only useful for direct
/// OpenBLAS calls.
public enum BLASThreads {
    /// Threads OpenBLAS uses for one GEMM. Values below 1 are treated as 1.
    public static var count: Int {
        get { Int(tf_get_num_threads()) }
        set { tf_set_num_threads(Int32(clamping: max(1, newValue))) }
    }

    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        tf_openblas_config().map { String(cString: $0) }?.trimmingCharacters(in: .whitespaces) ?? "unknown"
    }
}
