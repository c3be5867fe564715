import ArgumentParser

/// Scaling laws of the decoder-only course model: sweeps, fits, accounting.
@main
struct ScalingTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "IsoFLOP scaling laws of the decoder-only Pig Latin transformer (Hoffmann et al.'s three approaches).",
        subcommands: [SweepCommand.self, FitCommand.self, ParamsCommand.self])
}
