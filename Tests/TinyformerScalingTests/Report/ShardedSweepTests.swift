import Foundation
import Testing
import TinyformerScaling

/// Two shards of one sweep as two concurrent `scaling` processes writing into one folder give
/// the same fit, byte for byte, as one unsharded sweep (runs are deterministic for a thread
/// count, fixed here at 1 per process).
@Suite(.serialized) struct ShardedSweepTests {
    /// The `scaling` executable built next to this test bundle (`swift test` builds every product).
    static func executable() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("scaling")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw ProcessFailure(description: "no `scaling` executable above \(bundle.path); build it with `swift build --product scaling` (same -c) first")
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TINYFORMER_NUM_THREADS"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    static func finish(_ started: (Process, Pipe)) throws {
        let text = String(decoding: started.1.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        started.0.waitUntilExit()
        guard started.0.terminationStatus == 0 else {
            throw ProcessFailure(description: "scaling \(started.0.arguments ?? []) exited with \(started.0.terminationStatus):\n\(text)")
        }
    }

    @Test func twoConcurrentShardsFitLikeOneSweep() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let sharded = root.appendingPathComponent("sharded").path, whole = root.appendingPathComponent("whole").path
        let sweep = ["sweep", "--protocol", "isoflop", "--quick", "--sizes", "8,12,16", "--seed", "3"]
        let shards = try ["1/2", "2/2"].map { try Self.start(sweep + ["--shard", $0, "--out", sharded]) }
        for shard in shards { try Self.finish(shard) }
        try Self.finish(try Self.start(sweep + ["--out", whole]))
        let fit = ["--bootstrap", "60", "--parametric-bootstrap", "3", "--seed", "1"]
        for folder in [sharded, whole] { try Self.finish(try Self.start(["fit", "--in", folder] + fit)) }
        let a = try Data(contentsOf: URL(fileURLWithPath: sharded).appendingPathComponent("fits.json"))
        let b = try Data(contentsOf: URL(fileURLWithPath: whole).appendingPathComponent("fits.json"))
        #expect(a == b, "sharded and unsharded fits differ")
        let plan = try SweepFolder.readPlan(URL(fileURLWithPath: sharded))
        #expect(plan.runs.count == 9)
        for run in plan.runs {
            let resultA = try Data(contentsOf: URL(fileURLWithPath: "\(sharded)/\(run.name)/metrics.csv"))
            #expect(!resultA.isEmpty, "\(run.name) trained by a shard")
        }
    }
}
