import ArgumentParser
import TinyformerCLI
import TinyformerScaling

struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Parameter counts and training FLOPs per epoch (course count and 6·N·D) of the sweep's model sizes.")

    @Option(help: "Model widths, comma-separated.") var sizes = "16,32,48,64,96,128"
    @Option(help: "Layers.") var layers = 4
    @Option(help: "small, large or a pairs file.") var data = "small"
    @Option(help: "Epochs for the last column.") var epochs = 100
    @Option(help: "Seed of the split and batch order.") var seed: UInt64 = 0

    func run() throws {
        var settings = SweepSettings.defaults(for: .course, seed: seed)
        settings.hiddenSizes = try parseList(sizes, flag: "--sizes")
        settings.layers = try FlagValue.integer(layers, flag: "--layers", in: 1...64)
        settings.data = try resolveData(data)
        let epochs = try FlagValue.integer(epochs, flag: "--epochs", in: 1...1_000_000)
        Console.output(AccountingTable.markdown(try asUsage { try AccountingTable.rows(settings) }, epochs: epochs), terminator: "")
    }
}
