import Foundation
import Testing

/// Class 4: inputs that leave nothing to do, or that would silently do something else than
/// asked, are errors or honest warnings.
@Suite struct NothingToDoTests {
    @Test func aSplitThatLeavesNoTrainingPairIsAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(1)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: data, out: scratch.path("run")), in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("a run needs at least one of each"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("run")))
    }

    @Test func aWordCutAtTheOutputLimitIsWarnedAbout() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "--max-length", "2", "hello"], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stderr.contains("'hello' was cut at --max-length 2"))
    }

    @Test func explicitSizesWithQuickAreMeasuredNotDropped() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let json = scratch.path("bench.json")
        let result = try ToolProcess.run("matmul-bench", ["--sizes", "600", "--quick", "--seconds", "0.001", "--json", json], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sgemm 600×600×600"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let shapes = (report?["results"] as? [[String: Any]] ?? []).compactMap { $0["op"] as? String == "sgemm" ? $0["shape"] as? [Int] : nil }
        #expect(shapes == [[600, 600, 600]])
    }

    @Test func threadsBeyondOpenBLASsCapAreRecordedAsUsed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let json = scratch.path("bench.json")
        let result = try ToolProcess.run("matmul-bench", ["--sizes", "64", "--seconds", "0.001", "--threads", "100000", "--json", json],
                                         in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--threads 100000: OpenBLAS uses at most"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let threads = report?["threads"] as? Int ?? 0
        #expect((1...64).contains(threads))
        #expect(result.stdout.contains("direct OpenBLAS threads: \(threads);"))
    }

    @Test(arguments: ["0", "-1", "nan", "inf", "1e9"])
    func unusableMeasurementTimesAreRefused(_ seconds: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("matmul-bench", ["--sizes", "64", "--seconds", seconds], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--seconds") && result.stderr.contains("expected a number above 0"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: ["0", "100000", "abc", "64,", "", "9999999999999999999999"])
    func unusableSizesAreRefused(_ sizes: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("matmul-bench", ["--sizes", sizes, "--seconds", "0.001"], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--sizes") && result.stdout.isEmpty)
    }

    @Test(arguments: [("abc", "not a whole number"), ("0", "must be at least 1"), ("-1", "not a whole number"),
                      ("12abc", "not a whole number"), ("1000", "above the pool's maximum"), ("", "set but empty")])
    func anUnusableThreadSettingIsWarnedAbout(_ value: String, _ warning: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("matmul-bench", ["--sizes", "64", "--seconds", "0.001"], in: scratch.url,
                                         environment: ["TINYFORMER_NUM_THREADS": value])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: TINYFORMER_NUM_THREADS") && result.stderr.contains(warning), "\(result.stderr)")
    }

    @Test func aValidThreadSettingIsUsedWithoutWarning() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("matmul-bench", ["--sizes", "64", "--seconds", "0.001"], in: scratch.url,
                                         environment: ["TINYFORMER_NUM_THREADS": "3"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("warning"))
        #expect(result.stdout.contains("library pool threads: 3"))
    }
}
