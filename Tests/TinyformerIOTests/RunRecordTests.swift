import Foundation
import Testing
import TinyformerIO

@Suite struct RunRecordTests {
    func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tinyformer-\(UUID().uuidString)/\(name)")
    }

    @Test func csvLogWritesTheHeaderAndEveryAppendedRow() throws {
        let url = temporaryURL("metrics.csv")
        var log = CSVLog(url: url, columns: ["epoch", "loss"])
        try log.append(["1", "0.5"])
        try log.append(["2", "0.25"])
        #expect(try String(contentsOf: url, encoding: .utf8) == "epoch,loss\n1,0.5\n2,0.25\n")
    }

    @Test func reopenedLogKeepsItsRowsAndCanDropRowsAfterACheckpoint() throws {
        let url = temporaryURL("metrics.csv")
        var log = CSVLog(url: url, columns: ["epoch", "loss"])
        for e in 1...3 { try log.append(["\(e)", "0.\(e)"]) }
        var reopened = try CSVLog.open(url: url, columns: ["epoch", "loss"])
        #expect(reopened.rows.count == 3)
        try reopened.keepFirst(2)
        #expect(try String(contentsOf: url, encoding: .utf8) == "epoch,loss\n1,0.1\n2,0.2\n")
    }

    @Test func reopeningALogWithAnotherHeaderThrowsNamingTheFile() throws {
        let url = temporaryURL("metrics.csv")
        try CSVLog(url: url, columns: ["a", "b"]).save()
        #expect(throws: RunRecordError.malformed(path: url.path, line: 1, reason: "expected the header epoch,loss")) {
            try CSVLog.open(url: url, columns: ["epoch", "loss"])
        }
    }

    @Test func rowWithTheWrongFieldCountNamesItsLine() throws {
        let url = temporaryURL("metrics.csv")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "epoch,loss\n1,0.5\n2\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: RunRecordError.malformed(path: url.path, line: 3, reason: "expected 2 fields, found 1")) {
            try CSVLog.open(url: url, columns: ["epoch", "loss"])
        }
    }

    @Test func jsonFilesRoundTripAndBadOnesNameTheFile() throws {
        struct Config: Codable, Equatable { var hidden: Int; var lr: Double }
        let url = temporaryURL("config.json")
        try JSONFile.write(Config(hidden: 32, lr: 5e-4), to: url)
        #expect(try JSONFile.read(Config.self, from: url) == Config(hidden: 32, lr: 5e-4))
        try "{\"hidden\": \"x\"}".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: RunRecordError.self) { try JSONFile.read(Config.self, from: url) }
        #expect(throws: RunRecordError.self) { try JSONFile.read(Config.self, from: temporaryURL("missing.json")) }
    }

    @Test func plainProgressPrintsAtMostElevenLines() {
        var lines: [String] = []
        let progress = ProgressReporter(total: 1000, label: "epoch 1", isTerminal: false) { lines.append($0) }
        for i in 0...1000 { progress.update(i) }
        #expect(lines.count == 11)
        #expect(lines.last == "epoch 1 1000/1000 (100 %) \n")
    }

    @Test func terminalProgressRedrawsInPlace() {
        var output = ""
        let progress = ProgressReporter(total: 4, label: "train", isTerminal: true) { output += $0 }
        progress.update(2, status: "loss 1.0")
        #expect(output.hasPrefix("\rtrain ["))
        #expect(output.contains("2/4 loss 1.0"))
    }
}

@Suite struct RunFolderSafetyTests {
    private func folder(holding files: [String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runfolder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in files { try Data("x".utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    @Test func overwriteRefusesAFolderThatHoldsFilesButNoRun() throws {
        let url = try folder(holding: ["notes.txt"])
        #expect(throws: RunFolderError.noRun(path: url.path, reason: "holds files but no run (no config.json); --overwrite only replaces a run folder")) {
            try RunFolder(url, mode: .overwrite, marker: "config.json")
        }
        #expect(FileManager.default.fileExists(atPath: url.appendingPathComponent("notes.txt").path))
    }

    @Test func overwriteReplacesARunFolder() throws {
        let url = try folder(holding: ["config.json", "metrics.csv"])
        _ = try RunFolder(url, mode: .overwrite, marker: "config.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).isEmpty)
    }

    @Test func aFolderHoldingOnlyLeftoversOfAKilledWriteCountsAsEmpty() throws {
        let url = try folder(holding: [".config.json.tmp-1234"])
        _ = try RunFolder(url, mode: .new, marker: "config.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).isEmpty)
    }

    @Test func checkingAFolderCreatesNothing() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runfolder-\(UUID().uuidString)/run")
        try RunFolder.check(url, mode: .new, marker: "config.json")
        #expect(!FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path))
    }
}
