import ArgumentParser
import TinyformerCLI

/// `nqm`: batch size vs optimal learning rate on the noisy quadratic model (docs/nqm.md).
/// A thin front end: it parses flags, calls TinyformerNQM and writes the results.
@main
struct NQMTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nqm",
        abstract: "Noisy quadratic model: batch size vs optimal learning rate and steps to target.",
        subcommands: [OptimalLR.self, StepsVsBatch.self, Simulate.self]
    )

    static func main() { CommandLineTool.main(Self.self) }
}
