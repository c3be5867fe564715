import ArgumentParser
import Foundation
import TinyformerReport

/// Runs the whole assignment and writes REPORT.md and report.html (use Scripts/reproduce, which
/// installs what is missing and builds every executable first).
@main
struct ReproduceTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run every section of the assignment and write REPORT.md and a self-contained report.html.")

    @Flag(help: "Small settings that still show every effect the answers claim (the default).") var quick = false
    @Flag(help: "The course's configurations.") var full = false
    @Option(help: "Output folder (results, logs, REPORT.md, report.html); finished steps in it are reused.") var out = "reproduction"
    @Option(help: "Folder of the built executables.") var binaries: String?
    @Option(help: "Only run these sections (comma-separated: nqm, nmt, scaling, bert, clip).") var only: String?

    func run() throws {
        guard !(quick && full) else { throw ValidationError("--quick and --full exclude each other") }
        guard !out.isEmpty else { throw ValidationError("--out: the path is empty") }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binaryFolder = binaries.map { URL(fileURLWithPath: $0) } ?? executable.deletingLastPathComponent()
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let sections = only.map { Set($0.split(separator: ",").map(String.init)) }
        let result = try ReportBuilder.reproduce(mode: full ? .full : .quick, out: URL(fileURLWithPath: out), binaries: binaryFolder,
                                                 root: root, only: sections) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        print("wrote \(out)/REPORT.md and \(out)/report.html")
        if !result.allSucceeded { throw ExitCode(1) }
    }
}
