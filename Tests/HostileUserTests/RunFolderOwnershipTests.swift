import Foundation
import Testing

/// Class 1: run folders are owned. A folder that holds a run (or anything else) is never
/// written into unasked, and no path flag of any executable accepts an empty path.
@Suite struct RunFolderOwnershipTests {
    @Test func aNewRunRefusesAFolderThatHoldsARunAndLeavesItByteIdentical() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch)
        let before = FolderSnapshot(URL(fileURLWithPath: run))
        let result = try ToolProcess.run("nmt", TinyRun.train(data: scratch.path("pairs.txt"), out: run, epochs: 6, extra: ["--seed", "7"]),
                                         in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("already holds files") && result.stderr.contains("--resume") && result.stderr.contains("--overwrite"))
        #expect(FolderSnapshot(URL(fileURLWithPath: run)) == before)
    }

    @Test func overwriteRefusesAFolderThatHoldsNoRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(60)
        try scratch.write("project/notes.txt", "not a run\n")
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: data, out: scratch.path("project"), extra: ["--overwrite"]), in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no run (no config.json)"))
        #expect(FolderSnapshot(scratch.url) == before)
    }

    @Test func overwriteReplacesARun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 2)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: scratch.path("pairs.txt"), out: run, epochs: 1, extra: ["--overwrite"]),
                                         in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOfFile: run + "/metrics.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2)  // header + the new run's one epoch
    }

    @Test func anExperimentChecksEveryRunFolderBeforeTrainingTheFirst() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("experiment/decoder-h128-small/config.json", "{}\n")
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("nmt", ["experiment", "--out", scratch.path("experiment"), "--quick"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("decoder-h128-small") && result.stderr.contains("--overwrite"))
        #expect(!result.stderr.contains("--resume"))
        #expect(FolderSnapshot(scratch.url) == before)
    }

    /// Every path flag of every executable, given an empty path.
    static let emptyPaths: [(tool: String, arguments: [String], flag: String)] = [
        ("nmt", ["train", "--out", ""], "--out"),
        ("nmt", ["train", "--out", "run", "--data", ""], "--data"),
        ("nmt", ["train", "--out", "run", "--vocabulary", ""], "--vocabulary"),
        ("nmt", ["translate", "--checkpoint", "", "word"], "--checkpoint"),
        ("nmt", ["translate", "--checkpoint", ".", "--attention", "", "word"], "--attention"),
        ("nmt", ["experiment", "--out", ""], "--out"),
        ("nmt", ["prepare-data", "--shared", "", "--out", "data"], "--shared"),
        ("nmt", ["prepare-data", "--shared", ".", "--out", ""], "--out"),
        ("nqm", ["simulate", "--out", ""], "--out"),
        ("nqm", ["simulate", "--out", "results", "--json", ""], "--json"),
        ("nqm", ["optimal-lr", "--out", ""], "--out"),
        ("nqm", ["steps-vs-batch", "--out", "", "--batch-sizes", "1,2"], "--out"),
        ("matmul-bench", ["--json", ""], "--json"),
    ]

    @Test(arguments: emptyPaths)
    func anEmptyPathIsRefusedAndNothingIsWritten(_ tool: String, _ arguments: [String], _ flag: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("keep.txt", "mine\n")
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run(tool, arguments, in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(flag): the path is empty"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(FolderSnapshot(scratch.url) == before)
    }
}
