import Foundation
import Testing

/// Class 6: errors a person can act on: which file and what is wrong, found before long work,
/// never a raw control character from the input on the terminal, one bad input line named.
@Suite struct ActionableErrorTests {
    static let unusableInputs: [(path: String, problem: String)] = [
        ("/dev/zero", "is a device, not a regular file"), ("missing.txt", "no such file"), ("folder", "is a folder, not a file"),
    ]

    @Test(arguments: unusableInputs)
    func anUnusableDataFileIsNamedWithWhatIsWrong(_ path: String, _ problem: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path("folder"), withIntermediateDirectories: true)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: path, out: scratch.path("run")), in: scratch.url, timeout: 30)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--data \(path): \(problem)"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("permission"))
    }

    @Test(arguments: [("/nonexistent/x.json", "the folder /nonexistent does not exist"), ("/tmp", "is a folder; give a file name"),
                      ("/dev/null", "is a device, not a regular file; it is not replaced")])
    func jsonPathProblemsAreFoundBeforeTheBenchmarkRuns(_ path: String, _ problem: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("matmul-bench", ["--json", path], in: scratch.url, timeout: 30)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--json \(path): \(problem)"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)  // not a single measurement was made
    }

    @Test func attentionChartPathProblemsAreFoundBeforeTranslating() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "--attention", scratch.path("no/such/a.svg"), "hello"],
                                         in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("does not exist") && result.stdout.isEmpty)
    }

    @Test func controlCharactersFromTheInputNeverReachTheTerminal() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        for arguments in [["translate", "--checkpoint", run, "a\u{1B}]0;pwned\u{07}b"],
                          ["translate", "--checkpoint", "r\u{1B}[31mX", "hi"],
                          ["translate", "--checkpoint", run, "--skip-invalid", "ok \u{1B}[2Jx\u{9B}1m"]] {
            let result = try ToolProcess.run("nmt", arguments, in: scratch.url)
            #expect(result.stderrIsTerminalSafe, "\(arguments): \(result.stderr.debugDescription)")
            #expect(result.stderr.contains("\\u{1b}"))
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B })
        }
        let data = try scratch.write("controls.txt", "ab\u{1B}[2Jcd\n")
        let result = try ToolProcess.run("nmt", TinyRun.train(data: data, out: scratch.path("controls")), in: scratch.url)
        #expect(result.status == 1 && result.stderrIsTerminalSafe)
    }

    @Test func aBadWordOnStandardInputNamesItsLine() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run], in: scratch.url, input: "hello\nwörld\nok\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2: 'wörld' contains 'ö'") && result.stderr.contains("--skip-invalid"), "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)  // line 1 was translated before line 2 stopped it
    }

    @Test func skipInvalidLeavesTheBadWordOutAndGoesOn() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let long = String(repeating: "a", count: 100)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "--skip-invalid"], in: scratch.url,
                                         input: "hello\nwörld ok\n\(long)\nok\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)  // one output line per input line, the last newline included
        #expect(result.stderr.contains("line 2: skipped 'wörld'") && result.stderr.contains("line 3: skipped 'aaaa"))
        #expect(lines[1] == lines[3])  // "ok" on line 2 translated as on line 4
    }

    @Test func divergenceNamesNoCheckpointWhenNoneWasKept() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(60)
        let result = try ToolProcess.run("nmt", TinyRun.train(data: data, out: scratch.path("run"), extra: ["--lr", "1000"]), in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("training diverged") && result.stderr.contains("no checkpoint was kept yet"), "\(result.stderr)")
    }

    @Test func aMalformedConfigNamesTheFileAndTheKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        try #"{"model": {}, "data": 5}"#.write(toFile: run + "/config.json", atomically: true, encoding: .utf8)
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("config.json") && result.stderr.contains("key data: expected String"), "\(result.stderr)")
    }

    @Test func aMissingMetricsFileOfARunIsNamedPlainly() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        try FileManager.default.removeItem(atPath: run + "/metrics.csv")
        let result = try ToolProcess.run("nmt", ["train", "--out", run, "--resume", "--epochs", "2"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("metrics.csv: no such file"), "\(result.stderr)")
        #expect(!result.stderr.contains("The operation could not be completed"))
    }
}
