import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerScaling

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a sweep folder: Approaches 1–3, N_opt and D_opt at the target; writes fits.json, fits.csv, profiles.csv and four SVG charts.")

    @Argument(help: "The sweep folder (same as --in).") var folder: String?
    @Option(name: .customLong("in"), help: "The sweep folder.") var input: String?
    @Option(help: "Where the charts and tables go (default: the sweep folder; otherwise an empty or earlier fit's folder).") var out: String?
    @Option(help: "Where the JSON goes (default: OUT/fits.json).") var json: String?
    @Option(help: "Bootstrap replicates of Approaches 1 and 2.") var bootstrap = 1000
    @Option(name: .customLong("parametric-bootstrap"), help: "Bootstrap replicates of Approach 3.") var parametricBootstrap = 200
    @Option(help: "Seed of the bootstraps.") var seed: UInt64 = 0
    @Option(help: "The budget of the headline estimate, in course FLOPs.") var target = 1e15

    func run() throws {
        if let input, let folder, input != folder { throw CLIError.usage("two sweep folders given: \(folder) and --in \(input)") }
        guard let path = input ?? folder else { throw CLIError.usage("give the sweep folder (--in DIR)") }
        let sweepURL = try PathFlag.inputFolder(path, flag: input == nil ? "the sweep folder" : "--in")
        let outURL = try out.map { try PathFlag.outputFolder($0, flag: "--out") } ?? sweepURL
        if outURL != sweepURL { try Self.checkOwned(outURL, flag: "--out", value: out ?? "") }
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        var options = FitOptions()
        options.replicates = try FlagValue.integer(bootstrap, flag: "--bootstrap", in: 0...100_000)
        options.parametricReplicates = try FlagValue.integer(parametricBootstrap, flag: "--parametric-bootstrap", in: 0...10_000)
        options.seed = seed
        options.target = try FlagValue.positive(target, flag: "--target", atMost: 1e30)
        let fit = try ScalingFit(sweep: try SweepFolder.load(sweepURL), options: options)
        let outcome = try fit.write(to: outURL, json: jsonURL)
        for warning in fit.warnings + outcome.skipped { Console.warning(warning) }
        Console.output(FitSummary.text(fit))
        Console.progress("wrote " + outcome.written.map(\.lastPathComponent).joined(separator: ", "))
    }

    /// A fit writes only into its sweep folder, an empty (or absent) folder, or a folder holding
    /// an earlier fit (`fits.json`): never over someone else's files.
    static func checkOwned(_ url: URL, flag: String, value: String) throws(CLIError) {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }
        guard !entries.isEmpty, !entries.contains("fits.json"), !entries.contains(ScalingFiles.plan) else { return }
        throw .usage("\(flag) \(value): holds \(entries.count) entries (\(entries.sorted().prefix(3).joined(separator: ", "))) but no fits.json; a fit writes only into its sweep folder, an empty folder or an earlier fit's folder")
    }
}
