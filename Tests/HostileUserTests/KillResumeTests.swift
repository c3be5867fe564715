import Foundation
import Testing

/// kill -9 at seeded random moments during a training command, then the command again (with
/// `--resume` where the tool asks for it): the finished run must be bit-identical to one that was
/// never interrupted. `nmt train`, `scaling sweep`, `bert finetune` and `clip train` each write
/// through the shared `AtomicFile`/`RunFolder` code, but each has its own resume state, so each is
/// killed here.
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

    /// Runs `tool arguments(straight)` once uninterrupted, then `tool arguments(killed)` eight times,
    /// each killed at a seeded moment within the first `window` of the uninterrupted run's duration
    /// (a command that skips finished work needs a short one), and once more to the end.
    /// `arguments` gets the output folder; `resumes` says whether a (re)start into it needs
    /// `--resume`. Returns the two folders' paths.
    private func killAndFinish(_ tool: String, in scratch: Scratch, seed: UInt64, window: Double = 0.6, resumes: (String) -> Bool,
                               _ arguments: (String) -> [String]) throws -> (straight: String, killed: String) {
        let straight = scratch.path("straight"), killed = scratch.path("killed")
        let start = Date()
        let reference = try ToolProcess.run(tool, arguments(straight), in: scratch.url)
        try #require(reference.status == 0, "\(reference.stderr)")
        let duration = max(Date().timeIntervalSince(start), 0.05)

        var random = SplitMix(state: seed)
        var kills = 0
        for _ in 0..<8 {
            let running = try ToolProcess.start(tool, arguments(killed) + (resumes(killed) ? ["--resume"] : []), in: scratch.url)
            usleep(UInt32(random.next() * duration * window * 1e6))
            if running.process.isRunning {
                kill(running.process.processIdentifier, SIGKILL)
                kills += 1
            }
            running.process.waitUntilExit()
            let result = running.result()
            #expect(result.signaled || result.status == 0, "\(result.stderr)")
        }
        let finish = try ToolProcess.run(tool, arguments(killed) + (resumes(killed) ? ["--resume"] : []), in: scratch.url)
        try #require(finish.status == 0, "\(finish.stderr)")
        #expect(kills >= 3, "only \(kills) of the kill points hit a running process")
        return (straight, killed)
    }

    /// A CSV file without the named wall-time columns.
    private func csvWithout(_ path: String, columns: Set<String>) throws -> [[Substring]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
        let dropped = Set(header.indices.filter { columns.contains(String(header[$0])) })
        return lines.map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        }
    }

    /// A JSON object file without its wall-time keys.
    private func jsonWithout(_ path: String, keys: Set<String>) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path)))
        let dictionary = try #require(object as? [String: Any])
        return dictionary.filter { !keys.contains($0.key) } as NSDictionary
    }

    private func expectSameFiles(_ names: [String], _ a: String, _ b: String) {
        for name in names {
            #expect(FileManager.default.contents(atPath: a + "/" + name) != nil, "\(name) is missing")
            #expect(FileManager.default.contents(atPath: a + "/" + name) == FileManager.default.contents(atPath: b + "/" + name),
                    "\(name) differs")
        }
    }

    private func expectNoTemporaryFiles(_ folder: String) throws {
        let all = FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(all.filter { $0.contains(".tmp-") }.isEmpty)
    }

    private static let wallTimeColumns: Set<String> = ["seconds", "tokens_per_s"]

    @Test func killedNMTRunsResumeToTheBitsOfAnUninterruptedRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(200)
        let arguments = ["--hidden", "16", "--layers", "2", "--batch-size", "16", "--epochs", "6", "--seed", "5"]
        let (straight, killed) = try killAndFinish("nmt", in: scratch, seed: 11,
                                                   resumes: { FileManager.default.fileExists(atPath: $0 + "/config.json") }) {
            ["train", "--data", data, "--out", $0] + arguments
        }
        expectSameFiles(["checkpoint.safetensors", "last.safetensors", "checkpoint.json", "config.json", "vocabulary.json"], straight, killed)
        #expect(try csvWithout(killed + "/metrics.csv", columns: Self.wallTimeColumns)
                == csvWithout(straight + "/metrics.csv", columns: Self.wallTimeColumns))
        try expectNoTemporaryFiles(killed)
    }

    @Test func killedScalingSweepsFinishEveryRunAsAnUninterruptedSweep() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (straight, killed) = try killAndFinish("scaling", in: scratch, seed: 12, window: 0.15, resumes: { _ in false }) {
            ["sweep", "--protocol", "isoflop", "--quick", "--out", $0]
        }
        func runFolders(_ sweep: String) throws -> [String] {  // one folder per run, beside sweep.json and .locks
            try FileManager.default.contentsOfDirectory(atPath: sweep).filter { name in
                var folder: ObjCBool = false
                return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: sweep + "/" + name, isDirectory: &folder) && folder.boolValue
            }.sorted()
        }
        let runs = try runFolders(straight)
        #expect(runs.count == 12)
        #expect(try runFolders(killed) == runs)
        expectSameFiles(["sweep.json"], straight, killed)
        for run in runs {
            expectSameFiles(["last.safetensors", "config.json"], straight + "/" + run, killed + "/" + run)
            let (a, b) = (try jsonWithout(killed + "/\(run)/result.json", keys: ["seconds"]), try jsonWithout(straight + "/\(run)/result.json", keys: ["seconds"]))
            #expect(a == b, "\(run)/result.json differs: killed \(a), uninterrupted \(b)")
            #expect(try csvWithout(killed + "/\(run)/metrics.csv", columns: Self.wallTimeColumns)
                    == csvWithout(straight + "/\(run)/metrics.csv", columns: Self.wallTimeColumns), "\(run)/metrics.csv differs")
        }
        try expectNoTemporaryFiles(killed)
    }

    /// MiniLM, fetched by Scripts/fetch-minilm (Scripts/test runs it).
    static let miniLM = Scratch.packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: miniLM + "/model.safetensors"),
                   "models/all-MiniLM-L6-v2 is missing: run Scripts/fetch-minilm (Scripts/test does)"))
    func killedBERTFineTuningResumesToTheBitsOfAnUninterruptedRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (straight, killed) = try killAndFinish("bert", in: scratch, seed: 14,
                                                   resumes: { FileManager.default.fileExists(atPath: $0 + "/finetune.json") }) {
            ["finetune", "--model", Self.miniLM, "--mode", "frozen", "--epochs", "4", "--out", $0]
        }
        expectSameFiles(["checkpoint.safetensors", "last.safetensors", "finetune.json", "split.json", "test.json"], straight, killed)
        let wallTime = Self.wallTimeColumns.union(["forward_s", "backward_s", "optimizer_s"])
        #expect(try csvWithout(killed + "/metrics.csv", columns: wallTime) == csvWithout(straight + "/metrics.csv", columns: wallTime))
        try expectNoTemporaryFiles(killed)
    }

    @Test func killedCLIPTrainingResumesToTheBitsOfAnUninterruptedRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (straight, killed) = try killAndFinish("clip", in: scratch, seed: 13,
                                                   resumes: { FileManager.default.fileExists(atPath: $0 + "/training.json") }) {
            ["train", "--smoke", "--steps", "60", "--evaluate-every", "10", "--out", $0]
        }
        expectSameFiles(["model.safetensors", "last.safetensors", "config.json", "vocab.json", "merges.txt", "training.json"], straight, killed)
        #expect(try csvWithout(killed + "/metrics.csv", columns: Self.wallTimeColumns)
                == csvWithout(straight + "/metrics.csv", columns: Self.wallTimeColumns))
        #expect(try jsonWithout(killed + "/results.json", keys: ["seconds"]) == jsonWithout(straight + "/results.json", keys: ["seconds"]))
        try expectNoTemporaryFiles(killed)
    }
}
