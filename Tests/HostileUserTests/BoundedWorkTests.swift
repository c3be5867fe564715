import Foundation
import Testing

/// Class 5: bounded work and output: sizes are checked before anything is allocated, recorded
/// points are capped and charts decimated, an infinite starting loss is an input error.
@Suite struct BoundedWorkTests {
    @Test(arguments: [["--steps", "10000000", "--record-every", "1"], ["--steps", "1000000000", "--record-every", "1"],
                      ["--steps", "1000000000", "--record-every", "100000", "--runs", "100", "--dimension", "1000"]])
    func oversizedSimulationsFailAtOnceWithAMessage(_ arguments: [String]) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let start = Date()
        let result = try ToolProcess.run("nqm", ["simulate", "--out", scratch.path("out"), "--runs", "2", "--dimension", "1"] + arguments,
                                         in: scratch.url, timeout: 30)
        #expect(result.status == 1 && !result.signaled)
        #expect(result.stderr.contains("at most"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out/simulate.csv")))
    }

    @Test(arguments: ["simulate", "optimal-lr", "steps-vs-batch"])
    func anInfiniteStartingLossIsAnInputError(_ command: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let batchSizes = command == "simulate" ? [] : ["--batch-sizes", "1,2"]
        let result = try ToolProcess.run("nqm", [command, "--out", scratch.path("out"), "--w0", "1e200"] + batchSizes,
                                         in: scratch.url, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("w0") && result.stderr.contains("finite"), "\(result.stderr)")
        #expect(!result.stderr.contains("max-steps"))
    }

    @Test func aLongSimulationIsChartedWithADecimatedCurve() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("nqm", ["simulate", "--out", scratch.path("out"), "--steps", "90000", "--record-every", "1",
                                                 "--runs", "2", "--dimension", "1"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: scratch.path("out/simulate.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 90_002)  // header + steps 0…90000: every recorded point
        let svg = try Data(contentsOf: URL(fileURLWithPath: scratch.path("out/simulate.svg")))
        #expect(svg.count < 400_000)
    }
}
