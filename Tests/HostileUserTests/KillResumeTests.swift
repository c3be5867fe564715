import Foundation
import Testing

/// kill -9 at seeded random moments during `nmt train`, then `--resume`: the finished run must be
/// bit-identical to one that was never interrupted.
@Suite struct KillResumeTests {
    /// SplitMix64: the kill points are the same on every run of the suite.
    private struct SplitMix {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    private static let arguments = ["--hidden", "16", "--layers", "2", "--batch-size", "16", "--epochs", "6", "--seed", "5"]

    /// metrics.csv without the wall-time columns (seconds, tokens_per_s).
    private func numbers(_ run: String) throws -> [[Substring]] {
        try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n").map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.enumerated().filter { $0.offset != 4 && $0.offset != 5 }.map(\.element)
        }
    }

    @Test func killedRunsResumeToTheBitsOfAnUninterruptedRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(200)
        let straight = scratch.path("straight"), killed = scratch.path("killed")
        let start = Date()
        let reference = try ToolProcess.run("nmt", ["train", "--data", data, "--out", straight] + Self.arguments, in: scratch.url)
        try #require(reference.status == 0, "\(reference.stderr)")
        let duration = max(Date().timeIntervalSince(start), 0.05)

        var random = SplitMix(state: 11)
        var kills = 0
        for _ in 0..<8 {
            let resume = FileManager.default.fileExists(atPath: killed + "/config.json")
            let running = try ToolProcess.start("nmt", ["train", "--data", data, "--out", killed] + Self.arguments + (resume ? ["--resume"] : []),
                                                in: scratch.url)
            usleep(UInt32(random.next() * duration * 0.6 * 1e6))
            if running.process.isRunning {
                kill(running.process.processIdentifier, SIGKILL)
                kills += 1
            }
            running.process.waitUntilExit()
            let result = running.result()
            #expect(result.signaled || result.status == 0, "\(result.stderr)")
        }
        let resume = FileManager.default.fileExists(atPath: killed + "/config.json")
        let finish = try ToolProcess.run("nmt", ["train", "--data", data, "--out", killed] + Self.arguments + (resume ? ["--resume"] : []),
                                         in: scratch.url)
        try #require(finish.status == 0, "\(finish.stderr)")
        #expect(kills >= 3, "only \(kills) of the kill points hit a running process")
        for file in ["checkpoint.safetensors", "last.safetensors", "checkpoint.json", "config.json", "vocabulary.json"] {
            #expect(FileManager.default.contents(atPath: straight + "/" + file) == FileManager.default.contents(atPath: killed + "/" + file),
                    "\(file) differs")
        }
        #expect(try numbers(killed) == numbers(straight))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: killed).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }
}
