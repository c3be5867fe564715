import COpenBLAS
import Foundation
import TinyformerRandom
import TinyformerTensor

/// One measured product: the library path and the direct OpenBLAS call on the same shape.
public struct MatmulMeasurement: Codable, Sendable {
    /// "sgemm" (square C = A·B) or "bmm" (batched, attention-shaped).
    public let op: String
    /// [m, n, k] for sgemm, [batch, m, n, k] for bmm: C(m×n) = A(m×k)·B(k×n) per batch item.
    public let shape: [Int]
    /// Which attention product this is ("QK^T", "AV", "A^T dO"), empty for sgemm.
    public let product: String
    /// GFLOP/s through the library (`Tensor.matmul` / `Tensor.bmm`).
    public let gflops: Double
    /// GFLOP/s of a direct cblas_sgemm call (one per batch item for bmm).
    public let directGflops: Double
    /// Microseconds per library call.
    public let usPerCall: Double
    /// Microseconds per direct call.
    public let directUsPerCall: Double
    /// gflops / directGflops.
    public var ratio: Double { directGflops > 0 ? gflops / directGflops : 0 }

    enum CodingKeys: String, CodingKey {
        case op, shape, product, gflops
        case directGflops = "direct_gflops"
        case usPerCall = "us_per_call"
        case directUsPerCall = "direct_us_per_call"
    }
}

/// The whole benchmark run, as written by `matmul-bench --json`.
public struct MatmulBenchmarkReport: Codable, Sendable {
    public let machine: String
    public let openblas: String
    /// OpenBLAS threads of the direct calls.
    public let threads: Int
    /// Threads of the library's own pool (OpenBLAS runs single-threaded inside it).
    public let libraryThreads: Int
    public let date: String
    public let results: [MatmulMeasurement]

    enum CodingKeys: String, CodingKey {
        case machine, openblas, threads, date, results
        case libraryThreads = "library_threads"
    }
}

/// An attention-shaped batched product: transposes and its name.
public struct AttentionProduct: Sendable {
    public let name: String
    public let transposeA: Bool
    public let transposeB: Bool

    /// The three distinct transpose patterns of attention's forward and backward:
    /// Q·Kᵀ (also dO·Vᵀ), A·V (also dS·K), Aᵀ·dO (also dSᵀ·Q).
    public static let all = [
        AttentionProduct(name: "QK^T", transposeA: false, transposeB: true),
        AttentionProduct(name: "AV", transposeA: false, transposeB: false),
        AttentionProduct(name: "A^T dO", transposeA: true, transposeB: false),
    ]
}

/// Times square sgemm and attention-shaped bmm through the library and directly through OpenBLAS.
public struct MatmulBenchmark {
    /// The largest square size: three n×n matrices of 8192 take 768 MiB and one product 1.1 TFLOP.
    public static let maximumSquareSize = 8192
    /// The longest measurement per shape and path.
    public static let maximumSeconds = 600.0

    public var squareSizes: [Int] = [64, 128, 256, 512, 1024, 2048]
    public var batch = 64
    public var sequenceLengths = [10, 20, 40]
    public var widths = [32, 64, 128]
    /// Minimum measured time per (shape, path), seconds.
    public var minimumSeconds = 0.25
    public var seed: UInt64 = 0
    /// OpenBLAS threads for the direct calls (the library itself keeps OpenBLAS at 1 thread and
    /// splits work over its own pool, see `BLASThreads`).
    public var directThreads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    /// Throws `MatmulBenchmarkError` unless there is something to measure: at least one square
    /// size, each in 1…`maximumSquareSize`, a finite measurement time in (0, `maximumSeconds`],
    /// and at least one direct OpenBLAS thread.
    public func validate() throws(MatmulBenchmarkError) {
        guard !squareSizes.isEmpty else { throw MatmulBenchmarkError(message: "no square sizes to measure") }
        for n in squareSizes where !(1...Self.maximumSquareSize).contains(n) {
            throw MatmulBenchmarkError(message: "square size \(n) is outside 1…\(Self.maximumSquareSize)")
        }
        guard minimumSeconds.isFinite, minimumSeconds > 0, minimumSeconds <= Self.maximumSeconds else {
            throw MatmulBenchmarkError(message: "the measurement time must be above 0 and at most \(Int(Self.maximumSeconds)) s, got \(minimumSeconds)")
        }
        guard directThreads >= 1 else { throw MatmulBenchmarkError(message: "direct OpenBLAS threads must be at least 1, got \(directThreads)") }
    }

    /// The threads OpenBLAS really uses when asked for `directThreads` (it caps requests at its
    /// build's maximum); the report records this number.
    public var effectiveDirectThreads: Int {
        let saved = BLASThreads.count
        defer { BLASThreads.count = saved }
        BLASThreads.count = directThreads
        return BLASThreads.count
    }

    /// Runs every shape; `progress` receives one line per measurement.
    /// - Throws: `MatmulBenchmarkError` for settings `validate` refuses.
    public func run(progress: (String) -> Void = { _ in }) throws -> MatmulBenchmarkReport {
        try validate()
        var generator = SeededGenerator(seed: seed)
        var results: [MatmulMeasurement] = []
        for n in squareSizes {
            let a = try Tensor.uniform([n, n], low: -1, high: 1, using: &generator)
            let b = try Tensor.uniform([n, n], low: -1, high: 1, using: &generator)
            let c = try Tensor.zeros([n, n])
            let flops = 2.0 * Double(n) * Double(n) * Double(n)
            let library = try time { _ = try withNoGrad { try a.matmul(b) } }
            let direct = try timeDirect {
                tf_sgemm(0, 0, Int32(n), Int32(n), Int32(n), 1, a.data, Int32(n), b.data, Int32(n), 0, c.data, Int32(n))
            }
            let m = MatmulMeasurement(op: "sgemm", shape: [n, n, n], product: "", gflops: flops / library / 1e9,
                                      directGflops: flops / direct / 1e9, usPerCall: library * 1e6, directUsPerCall: direct * 1e6)
            progress(Self.describe(m))
            results.append(m)
        }
        for t in sequenceLengths {
            for d in widths {
                // (m, n, k) per product: QKᵀ (T, T, d); A·V (T, d, T); Aᵀ·dO (T, d, T).
                for product in AttentionProduct.all {
                    let (m, n, k) = product.name == "QK^T" ? (t, t, d) : (t, d, t)
                    let aShape = product.transposeA ? [batch, k, m] : [batch, m, k]
                    let bShape = product.transposeB ? [batch, n, k] : [batch, k, n]
                    let a = try Tensor.uniform(aShape, low: -1, high: 1, using: &generator)
                    let b = try Tensor.uniform(bShape, low: -1, high: 1, using: &generator)
                    let c = try Tensor.zeros([batch, m, n])
                    let flops = 2.0 * Double(batch * m * n * k)
                    let library = try time {
                        _ = try withNoGrad { try a.bmm(b, transposeSelf: product.transposeA, transposeOther: product.transposeB) }
                    }
                    let lda = product.transposeA ? m : k, ldb = product.transposeB ? k : n
                    let direct = try timeDirect {
                        tf_sgemm_strided_batched_reference(product.transposeA ? 1 : 0, product.transposeB ? 1 : 0,
                                                           Int32(m), Int32(n), Int32(k), 1, a.data, Int32(lda), m * k,
                                                           b.data, Int32(ldb), k * n, 0, c.data, Int32(n), m * n, Int32(batch))
                    }
                    let r = MatmulMeasurement(op: "bmm", shape: [batch, m, n, k], product: product.name,
                                              gflops: flops / library / 1e9, directGflops: flops / direct / 1e9,
                                              usPerCall: library * 1e6, directUsPerCall: direct * 1e6)
                    progress(Self.describe(r))
                    results.append(r)
                }
            }
        }
        let info = MachineInfo.current()
        let date = ISO8601DateFormatter().string(from: Date())
        return MatmulBenchmarkReport(machine: info.machine, openblas: info.openblas, threads: effectiveDirectThreads,
                                     libraryThreads: WorkerPool.threadCount, date: date, results: results)
    }

    /// `time` with OpenBLAS at `directThreads`, restoring the library's setting afterwards.
    private func timeDirect(_ body: () throws -> Void) throws -> Double {
        let saved = BLASThreads.count
        BLASThreads.count = directThreads
        defer { BLASThreads.count = saved }
        return try time(body)
    }

    /// Mean seconds per call: a warm-up, then calls until `minimumSeconds` have passed; the
    /// best of three such rounds.
    private func time(_ body: () throws -> Void) throws -> Double {
        for _ in 0..<3 { try body() }
        var best = Double.infinity
        for _ in 0..<3 {
            var calls = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                try body()
                calls += 1
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            } while elapsed < minimumSeconds / 3
            best = min(best, elapsed / Double(calls))
        }
        return best
    }

    /// One table row: op, shape, both GFLOP/s, µs per call and the ratio.
    public static func describe(_ m: MatmulMeasurement) -> String {
        let shape = m.shape.map(String.init).joined(separator: "×")
        let name = m.product.isEmpty ? m.op : "\(m.op) \(m.product)"
        return String(format: "%-14@ %-16@ %8.1f GFLOP/s  direct %8.1f GFLOP/s  %10.2f µs/call  ratio %.2f",
                      name, shape, m.gflops, m.directGflops, m.usPerCall, m.ratio)
    }
}
