// `scaling` run as a careless user would: every path flag is checked before any work, a
// folder that is not a sweep is refused and named, command-line mistakes exit 64, failed work 1.
import Foundation
import Testing

@Suite struct ScalingToolTests {
    static let emptyPaths: [(arguments: [String], flag: String)] = [
        (["sweep", "--quick", "--out", ""], "--out"),
        (["sweep", "--quick", "--out", "s", "--data", ""], "--data"),
        (["fit", "--in", ""], "--in"),
        (["fit", "--in", ".", "--out", ""], "--out"),
        (["fit", "--in", ".", "--json", ""], "--json"),
    ]

    @Test(arguments: emptyPaths)
    func anEmptyPathIsRefusedAndNothingIsWritten(_ arguments: [String], _ flag: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("scaling", arguments, in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("\(flag): the path is empty"), "\(result.stderr)")
        #expect(FolderSnapshot(scratch.url) == before)
    }

    @Test func aSweepIntoAForeignFolderIsRefusedAndTheFolderUntouched() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("mine/notes.txt", "mine\n")
        let before = FolderSnapshot(scratch.url)
        let result = try ToolProcess.run("scaling", ["sweep", "--quick", "--out", "mine"], in: scratch.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("is not a scaling sweep") && result.stderr.contains("notes.txt"), "\(result.stderr)")
        #expect(FolderSnapshot(scratch.url) == before)
    }

    @Test func fittingAFolderThatIsNotASweepNamesIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try scratch.write("other/data.csv", "1,2\n")
        let result = try ToolProcess.run("scaling", ["fit", "--in", "other"], in: scratch.url)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("other") && result.stderr.contains("is not a scaling sweep"), "\(result.stderr)")
    }

    @Test(arguments: [
        (["sweep", "--quick", "--out", "s", "--shard", "3/2"], "--shard"),
        (["sweep", "--quick", "--out", "s", "--sizes", "8,x"], "--sizes"),
        (["sweep", "--quick", "--out", "s", "--budgets", "0,1e9"], "--budgets"),
        (["sweep", "--quick", "--out", "s", "--lr", "nan"], "--lr"),
        (["fit", "--in", ".", "--target", "0"], "--target"),
        (["fit", "--in", ".", "--bootstrap=-3"], "--bootstrap"),
    ])
    func anUnusableValueExits64NamingTheFlag(_ arguments: [String], _ flag: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("scaling", arguments, in: scratch.url)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("s")))
    }
}
