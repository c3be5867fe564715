import Dispatch
import Foundation

/// Splits batched kernels (bmm, attention) over the cores. Each batch item is computed by the
/// same single-threaded kernel whichever chunk it falls in, so results are bit-identical for any
/// core count. Small calls stay on the calling thread: measured on 2 cores, handing half the
/// batch to a GCD worker costs ~20 µs, which slowed 6.5-MFLOP products (98 → 85 GFLOP/s) and sped
/// up 13-MFLOP ones (89 → 113) and 26-MFLOP ones (100 → 149) (docs/PERFORMANCE.md).
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    static let minimumFlops = 10_000_000.0

    /// Calls `body` on disjoint ranges covering 0..<count, concurrently when worth it.
    static func chunks(count: Int, flops: Double, _ body: (Range<Int>) -> Void) {
        let parts = (flops < minimumFlops || cores == 1) ? 1 : min(cores, count)
        if parts <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            // The chunks write disjoint batch items, so sharing the closure across threads is safe.
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: parts) { i in
                work((i * count / parts)..<((i + 1) * count / parts))
            }
        }
    }
}
