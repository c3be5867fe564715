import ArgumentParser
import Foundation
import TinyformerBench
import TinyformerCLI
import TinyformerIO
import TinyformerTensor

/// Times the library's GEMM paths against direct OpenBLAS calls.
@main
struct MatmulBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul-bench",
        abstract: "sgemm (square 64…2048) and attention-shaped bmm: library vs direct OpenBLAS, GFLOP/s and µs per call.")

    @Option(parsing: .unconditional,
            help: "OpenBLAS threads for the direct calls (default: all cores; OpenBLAS caps it at its build's maximum, and the report records what it used). The library's own pool size is set by TINYFORMER_NUM_THREADS.")
    var threads: Int?

    @Option(help: "Square sgemm sizes, comma-separated, each 1…\(MatmulBenchmark.maximumSquareSize) (default 64,128,256,512,1024,2048; 64…512 with --quick).")
    var sizes: String?

    @Option(parsing: .unconditional, help: "Seconds of measurement per shape and path, above 0 and at most \(Int(MatmulBenchmark.maximumSeconds)) (default 0.25; 0.05 with --quick).")
    var seconds: Double?

    @Flag(help: "A short run: sizes 64…512 and 0.05 s per measurement, unless --sizes or --seconds say otherwise.")
    var quick = false

    @Option(help: "Write the results as JSON to this path (checked before the benchmark starts).")
    var json: String?

    static func main() {
        CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings(maximum: WorkerPool.maximumThreads))
    }

    func run() throws {
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        var benchmark = MatmulBenchmark()
        benchmark.squareSizes = try sizes.map(Self.parseSizes) ?? (quick ? [64, 128, 256, 512] : benchmark.squareSizes)
        benchmark.minimumSeconds = try seconds.map {
            try FlagValue.positive($0, flag: "--seconds", atMost: MatmulBenchmark.maximumSeconds)
        } ?? (quick ? 0.05 : benchmark.minimumSeconds)
        if let threads {
            benchmark.directThreads = try FlagValue.integer(threads, flag: "--threads", in: 1...Int(Int32.max))
        }
        try benchmark.validate()
        let effective = benchmark.effectiveDirectThreads
        if effective != benchmark.directThreads {
            Console.warning("--threads \(benchmark.directThreads): OpenBLAS uses at most \(effective) threads; the results are for \(effective)")
        }
        let info = MachineInfo.current()
        Console.output("machine: \(info.machine)\nopenblas: \(info.openblas)")
        Console.output("direct OpenBLAS threads: \(effective); library pool threads: \(WorkerPool.threadCount) (OpenBLAS at 1 inside)")
        let report = try benchmark.run { Console.output($0) }
        if let jsonURL {
            try JSONFile.write(report, to: jsonURL)
            Console.output("wrote \(jsonURL.path)")
        }
    }

    /// "64,128" → [64, 128]; every item a whole number in 1…maximumSquareSize.
    static func parseSizes(_ text: String) throws(CLIError) -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var sizes: [Int] = []
        for item in items {
            guard let n = Int(item), (1...MatmulBenchmark.maximumSquareSize).contains(n) else {
                throw .usage("--sizes '\(text)': '\(item)' is not a whole number from 1 to \(MatmulBenchmark.maximumSquareSize)")
            }
            sizes.append(n)
        }
        return sizes
    }
}
