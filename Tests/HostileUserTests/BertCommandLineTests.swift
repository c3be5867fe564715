import Foundation
import Testing

/// `bert` follows the executables' shared rules: paths checked before any work, an existing run
/// folder refused unless `--resume`/`--overwrite`, resume flags checked against the run, typed
/// errors naming the file, exit 64 for a mistake on the command line and 1 for a failed job.
@Suite struct BertCommandLineTests {
    /// The tiny transformers fixture folder (config.json and model.safetensors, no vocab.txt).
    static let tinyModel = Scratch.packageRoot.appendingPathComponent("Fixtures/bert/tiny").path

    @Test func aFolderHoldingFilesIsRefusedWithoutResumeOrOverwrite() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("run/notes.txt", "mine\n")
        let before = FolderSnapshot(scratch.url.appendingPathComponent("run"))
        let result = try ToolProcess.run("bert", ["finetune", "--model", Self.tinyModel, "--out", scratch.path("run")], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("already holds files; pass --resume"), "\(result.stderr)")
        #expect(FolderSnapshot(scratch.url.appendingPathComponent("run")) == before)
    }

    @Test func resumingWhereThereIsNoRunIsAUsageError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["finetune", "--resume", "--out", scratch.path("none")], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(scratch.path("none")), "\(result.stderr)")
    }

    @Test func aResumeFlagThatDisagreesWithTheRunIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("run/finetune.json", """
            {"model": "\(Self.tinyModel)", "mode": "finetune", "epochs": 2, "learningRate": 0.0002, "batchSize": 32,
             "weightDecay": 0.01, "warmupFraction": 0.1, "gradientClipNorm": 1, "seed": 0, "testCount": 160,
             "validationFraction": 0.3, "pooling": "pooler"}
            """)
        let result = try ToolProcess.run("bert", ["finetune", "--resume", "--out", scratch.path("run"), "--lr", "0.001", "--seed", "0"],
                                         in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--lr 0.001 (the run has 0.0002)") && !result.stderr.contains("--seed"), "\(result.stderr)")
    }

    @Test func aMissingModelFolderIsFoundBeforeTheRunFolderIsMade() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["finetune", "--model", scratch.path("no-model"), "--out", scratch.path("run")], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--model \(scratch.path("no-model")): no such folder"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("run")))
    }

    @Test func anOutOfRangeNumberNamesTheFlag() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["finetune", "--model", Self.tinyModel, "--epochs", "0", "--out", scratch.path("run")],
                                         in: scratch.url)
        #expect(result.status == 64 && result.stderr.contains("--epochs 0: expected a whole number"), "\(result.stderr)")
    }

    @Test func aJSONPathProblemIsFoundBeforeTheModelLoads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["encode", "--model", Self.tinyModel, "--json", "/nonexistent/x.json", "hi"], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--json /nonexistent/x.json: the folder /nonexistent does not exist") && result.stdout.isEmpty)
    }

    @Test func aFolderThatIsNotAFineTunedRunIsNamed() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["evaluate", "--checkpoint", Self.tinyModel], in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("not a fine-tuning run (no finetune.json)"), "\(result.stderr)")
    }

    @Test func aModelFolderWithoutItsVocabularyFailsNamingTheFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("bert", ["tokenize", "--model", Self.tinyModel, "eight minus ten"], in: scratch.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("vocab.txt") && result.stderrIsTerminalSafe, "\(result.stderr)")
    }
}
