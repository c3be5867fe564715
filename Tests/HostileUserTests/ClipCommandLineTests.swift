// `clip` run as a subprocess the way a careless user would: the shared rules of the executables
// (paths checked before work, run folders owned, typed errors, exit statuses 0/1/64).
import Foundation
import Testing

@Suite struct ClipCommandLineTests {
    static let emptyPaths: [(arguments: [String], flag: String)] = [
        (["train", "--out", ""], "--out"),
        (["rank", "--model", "", "--images", ".", "a cat"], "--model"),
        (["rank", "--model", ".", "--images", "", "a cat"], "--images"),
        (["rank", "--model", ".", "--images", ".", "--html", "", "a cat"], "--html"),
        (["classify", "--model", "", "--labels", "a,b", "x.png"], "--model"),
        (["embed", "--model", ".", "--text", "a", "--json", ""], "--json"),
        (["find-caption", "--model", ".", "--images", ".", "--target", ""], "--target"),
        (["make-images", "--out", ""], "--out"),
    ]

    @Test(arguments: emptyPaths)
    func anEmptyPathIsRefusedWithUsageStatus(_ arguments: [String], _ flag: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("clip", arguments, in: scratch.url)
        #expect(result.status == 64, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr.contains(flag))
    }

    @Test func aMissingModelFolderIsAUsageErrorNamingIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("clip", ["rank", "--model", "no-such-model", "--images", ".", "a red circle"], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--model no-such-model: no such folder"))
    }

    @Test func aFolderThatIsNotAModelFailsNamingTheMissingFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let result = try ToolProcess.run("clip", ["embed", "--model", "empty", "--text", "a red circle", "--json", "out.json"], in: scratch.url)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("config.json"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.json")))
    }

    @Test func trainingRefusesAFolderHoldingFilesUnlessAsked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("run/notes.txt", "mine\n")
        let result = try ToolProcess.run("clip", ["train", "--smoke", "--out", "run"], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--resume") && result.stderr.contains("--overwrite"))
        #expect(try String(contentsOfFile: scratch.path("run/notes.txt"), encoding: .utf8) == "mine\n")
        let overwrite = try ToolProcess.run("clip", ["train", "--smoke", "--out", "run", "--overwrite"], in: scratch.url)
        #expect(overwrite.status == 64, "--overwrite replaces only a run folder")
    }

    @Test func aSmokeRunWritesAModelFolderThatRankLoads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let train = try ToolProcess.run("clip", ["train", "--smoke", "--out", "model"], in: scratch.url)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        for file in ["config.json", "model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json", "results.json"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("model/\(file)")), "no \(file)")
        }
        let images = try ToolProcess.run("clip", ["make-images", "--out", "images", "--count", "5", "--side", "32"], in: scratch.url)
        #expect(images.status == 0, "stderr: \(images.stderr)")
        let rank = try ToolProcess.run("clip", ["rank", "--model", "model", "--images", "images", "a red circle", "--top", "3",
                                                "--html", "sheet.html", "--json", "rank.json"], in: scratch.url)
        #expect(rank.status == 0, "stderr: \(rank.stderr)")
        let html = try String(contentsOfFile: scratch.path("sheet.html"), encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && !html.contains("src=\"http"))
        #expect(rank.stderr.contains("skipped captions.json"))
    }
}
