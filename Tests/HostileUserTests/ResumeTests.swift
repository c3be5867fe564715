import Foundation
import Testing
import TinyformerIO

/// Class 2: resume trusts nothing: flags that disagree with the run, a resume state of another
/// run, impossible counters; a lowered epoch count is "already done".
@Suite struct ResumeTests {
    @Test func flagsThatDisagreeWithTheRunAreRefusedWithResume() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch)
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume", "--hidden", "16", "--seed", "3"], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--hidden 16 (the run has 8)") && result.stderr.contains("--seed 3 (the run has 0)"))
        #expect(FolderSnapshot(scratch.url) == before)
    }

    @Test func theSameCommandWithResumeAndMoreEpochsContinuesAndRecordsTheCount() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 2)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: scratch.path("pairs.txt"), out: run, epochs: 3, extra: ["--resume"]),
                                         in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("resuming") && result.stdout.contains("epoch   3"))
        let config = try String(contentsOfFile: run + "/config.json", encoding: .utf8)
        #expect(config.contains("\"epochs\" : 3"))
    }

    @Test func loweringEpochsBelowWhatIsDoneIsAlreadyDoneWithExitZero() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 3)
        let before = FolderSnapshot(URL(fileURLWithPath: run))
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume", "--epochs", "1"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("already done: 3 epochs trained, 1 planned"))
        #expect(FolderSnapshot(URL(fileURLWithPath: run)) == before)
    }

    @Test func aResumeStateOfAnotherRunIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let finished = try TinyRun.trained(scratch, name: "finished", epochs: 3)
        let other = scratch.path("other")
        let started = try ToolProcess.run("nmt", TinyRun.train(data: scratch.path("pairs.txt"), out: other, epochs: 3, extra: ["--seed", "9"]),
                                          in: scratch.url)
        try #require(started.status == 0)
        // The old run's weights and counters planted into the new run, as a half-finished
        // overwrite used to leave them.
        try FileManager.default.removeItem(atPath: other + "/last.safetensors")
        try FileManager.default.copyItem(atPath: finished + "/last.safetensors", toPath: other + "/last.safetensors")
        let before = FolderSnapshot(URL(fileURLWithPath: other))
        let result = try ToolProcess.run("nmt", ["train", "--out", other, "--resume", "--epochs", "5"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot resume") && result.stderr.contains("another configuration or data"))
        #expect(FolderSnapshot(URL(fileURLWithPath: other)) == before)
    }

    /// Impossible counters in the resume state: typed "corrupt checkpoint" errors, never a trap.
    static let corruptCounters: [(key: String, value: String)] = [
        ("epochs_done", "-1"), ("epochs_done", "many"), ("best_epoch", "99"), ("best_values", #"{"val_loss":"nan"}"#),
        ("first_loss", "inf"), ("steps", ""),
    ]

    @Test(arguments: corruptCounters)
    func impossibleResumeCountersAreACorruptCheckpoint(_ key: String, _ value: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 2)
        let url = URL(fileURLWithPath: run + "/last.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        var metadata = file.metadata
        metadata[key] = value
        try SafeTensorsFile.write(file.tensors, metadata: metadata, to: url)
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume", "--epochs", "4"], in: scratch.url)
        #expect(result.status == 1 && !result.signaled)
        #expect(result.stderr.contains("corrupt checkpoint") && result.stderr.contains(key), "\(result.stderr)")
    }

    @Test func leftoverTemporaryFilesOfAKilledWriteAreRemovedOnTheNextStart() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let leftover = run + "/.last.safetensors.tmp-0DD0-KILLED"
        try Data(repeating: 7, count: 100).write(to: URL(fileURLWithPath: leftover))
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume", "--epochs", "2"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test func aRunKilledBeforeItsFirstEpochEndedStartsOverOnResume() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        for name in ["last.safetensors", "checkpoint.safetensors", "checkpoint.json"] {
            try FileManager.default.removeItem(atPath: run + "/" + name)
        }
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("starting from the first"))
    }
}
