import Foundation
import Testing

/// The same rules for `reproduce`: its output folder is a reproduction's or nothing, and a
/// mistyped flag fails before any step runs.
@Suite struct ReproductionFolderTests {
    @Test func aFolderThatHoldsOtherFilesIsRefusedAndLeftByteIdentical() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("project/notes.txt", "not a reproduction\n")
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("reproduce", ["--only", "nqm", "--out", scratch.path("project")], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no reproduction (no reproduction.json)"), "\(result.stderr)")
        #expect(FolderSnapshot(scratch.url) == before)
    }

    @Test func anUnknownSectionIsAUsageErrorBeforeAnyWork() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("reproduce", ["--only", "nqm,bret", "--out", scratch.path("out")], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("'bret'") && result.stderr.contains("known: nqm"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test func anEmptyOutPathIsAUsageError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("reproduce", ["--only", "nqm", "--out", ""], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--out"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }
}
