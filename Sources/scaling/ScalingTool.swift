import ArgumentParser
import TinyformerCLI
import TinyformerTensor

/// Scaling laws of the decoder-only course model: sweeps, fits, accounting.
@main
struct ScalingTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "IsoFLOP scaling laws of the decoder-only Pig Latin transformer (Hoffmann et al.'s three approaches).",
        subcommands: [SweepCommand.self, FitCommand.self, ParamsCommand.self])

    static func main() {
        CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings(maximum: WorkerPool.maximumThreads))
    }
}
