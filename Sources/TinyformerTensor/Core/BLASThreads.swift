import COpenBLAS
import Foundation

/// OpenBLAS thread control. Tinyformer parallelises its own work (rows of large GEMMs, the
/// batch of bmm and attention) over a worker pool and sets OpenBLAS to 1 thread when its tensor
/// ops are first used: two thread pools on the same cores slowed training 2–3× (measured in
/// docs/PERFORMANCE.md). Raising this again is only useful for direct OpenBLAS calls.
public enum BLASThreads {
    /// Threads of the library's own pool (the caller plus one worker per extra core;
    /// `TINYFORMER_NUM_THREADS` overrides the core count).
    public static var poolSize: Int { Parallel.poolThreads }

    /// Threads OpenBLAS uses for one GEMM. Values below 1 are treated as 1.
    public static var count: Int {
        get { Int(tf_get_num_threads()) }
        set { tf_set_num_threads(Int32(max(1, newValue))) }
    }

    /// OpenBLAS's build description, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        tf_openblas_config().map { String(cString: $0) }?.trimmingCharacters(in: .whitespaces) ?? "unknown"
    }
}
