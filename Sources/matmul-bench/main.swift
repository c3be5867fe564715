import ArgumentParser
import Foundation
import TinyformerBench
import TinyformerTensor

/// Times the library's GEMM paths against direct OpenBLAS calls.
@main
struct MatmulBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul-bench",
        abstract: "sgemm (square 64…2048) and attention-shaped bmm: library vs direct OpenBLAS, GFLOP/s and µs per call.")

    @Option(help: "OpenBLAS threads for the direct calls (default: all cores). The library's own pool size is set by TINYFORMER_NUM_THREADS.")
    var threads: Int?

    @Option(help: "Square sgemm sizes, comma-separated.")
    var sizes: String = "64,128,256,512,1024,2048"

    @Option(help: "Seconds of measurement per shape and path.")
    var seconds: Double = 0.25

    @Flag(help: "A short run: sizes 64…512 and 0.05 s per measurement.")
    var quick = false

    @Option(help: "Write the results as JSON to this path.")
    var json: String?

    func run() throws {
        var benchmark = MatmulBenchmark()
        if let threads {
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
            benchmark.directThreads = threads
        }
        let parsed = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--sizes must be positive integers separated by commas, got '\(sizes)'")
        }
        benchmark.squareSizes = parsed.compactMap { $0 }
        benchmark.minimumSeconds = seconds
        if quick {
            benchmark.squareSizes = benchmark.squareSizes.filter { $0 <= 512 }
            benchmark.minimumSeconds = 0.05
        }
        let info = MachineInfo.current()
        print("machine: \(info.machine)\nopenblas: \(info.openblas)")
        print("direct OpenBLAS threads: \(benchmark.directThreads); library pool threads: \(WorkerPool.threadCount) (OpenBLAS at 1 inside)")
        let report = try benchmark.run { print($0) }
        if let json {
            try writeJSONAtomically(report, to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
    }
}
