import ArgumentParser
import Foundation
import TinyformerCLI
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
    @Option(help: "Folder of the built executables (default: the folder of this executable).") var binaries: String?
    @Option(help: "Only run these sections (comma-separated: \(ReportBuilder.sections.map(\.id).joined(separator: ", "))).") var only: String?

    static func main() { CommandLineTool.main(Self.self) }

    func run() throws {
        guard !(quick && full) else { throw CLIError.usage("--quick and --full exclude each other") }
        let outURL = try PathFlag.outputFolder(out, flag: "--out")
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let binaryFolder = try binaries.map { try PathFlag.inputFolder($0, flag: "--binaries") } ?? executable.deletingLastPathComponent()
        let known = ReportBuilder.sections.map(\.id)
        let sections = try only.map { list in
            let names = Set(list.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
            let unknown = names.filter { !known.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw CLIError.usage("--only: unknown section \(unknown.map { "'\($0)'" }.joined(separator: ", ")) (known: \(known.joined(separator: ", ")))")
            }
            return names
        }
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let result = try ReportBuilder.reproduce(mode: full ? .full : .quick, out: outURL, binaries: binaryFolder,
                                                 root: root, only: sections, log: Console.progress)
        Console.output("wrote \(out)/REPORT.md and \(out)/report.html")
        if !result.allSucceeded { throw ExitCode(1) }
    }
}
