import COpenBLAS
import Foundation

/// OpenBLAS thread control. The small-matrix kernels used for attention-sized products are
/// single-threaded; this count applies to the larger GEMMs that go to OpenBLAS. The default is
/// OpenBLAS's own (all cores, or `OPENBLAS_NUM_THREADS`); docs/PERFORMANCE.md has the measurements.
public enum BLASThreads {
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
