import ArgumentParser
import Foundation
import TinyformerScaling

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a sweep folder: Approaches 1–3, N_opt and D_opt at the target; writes fits.json, fits.csv, profiles.csv and four SVG charts.")

    @Argument(help: "The sweep folder (same as --in).") var folder: String?
    @Option(name: .customLong("in"), help: "The sweep folder.") var input: String?
    @Option(help: "Where the charts and tables go (default: the sweep folder).") var out: String?
    @Option(help: "Where the JSON goes (default: OUT/fits.json).") var json: String?
    @Option(help: "Bootstrap replicates of Approaches 1 and 2.") var bootstrap = 1000
    @Option(name: .customLong("parametric-bootstrap"), help: "Bootstrap replicates of Approach 3.") var parametricBootstrap = 200
    @Option(help: "Seed of the bootstraps.") var seed: UInt64 = 0
    @Option(help: "The budget of the headline estimate, in course FLOPs.") var target = 1e15

    func run() throws {
        guard let path = input ?? folder, !path.isEmpty else { throw ValidationError("give the sweep folder (--in DIR)") }
        if let input, let folder, input != folder { throw ValidationError("two sweep folders given: \(folder) and --in \(input)") }
        var options = FitOptions()
        options.replicates = bootstrap
        options.parametricReplicates = parametricBootstrap
        options.seed = seed
        options.target = target
        let fit = try ScalingFit(sweep: try SweepFolder.load(URL(fileURLWithPath: path)), options: options)
        let outcome = try fit.write(to: URL(fileURLWithPath: out ?? path), json: json.map { URL(fileURLWithPath: $0) })
        for warning in fit.warnings + outcome.skipped {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        print(FitSummary.text(fit))
        print("wrote " + outcome.written.map(\.lastPathComponent).joined(separator: ", "))
    }
}
