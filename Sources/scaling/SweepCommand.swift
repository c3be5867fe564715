import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerScaling

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Train a sweep (or one shard of it) into --out: one folder per run; finished runs are skipped, unfinished ones resumed.")

    @Option(name: .customLong("protocol"), help: "course (one run per size, the course's schedule, losses read off the curves) or isoflop (one cosine run per budget and size).")
    var sweepProtocol: SweepProtocol = .course
    @Flag(help: "A small sweep of the same shape (widths 8–24, 200 pairs): seconds.") var quick = false
    @Option(help: "Run shard I of N (every N-th run from the I-th; 1-based), e.g. 2/4.") var shard = "1/1"
    @Option(help: "Seed of every run (weights, split, batch order).") var seed: UInt64 = 0
    @Option(help: "The sweep folder (shared by all shards; a new sweep needs it empty or absent).") var out: String
    @Option(help: "Model widths, comma-separated (default 16,32,48,64,96,128).") var sizes: String?
    @Option(help: "Budgets in course FLOPs, comma-separated (default 8e10,1.6e11,3.2e11,6.4e11,1.28e12).") var budgets: String?
    @Option(help: "Epochs per run (course protocol; default 100).") var epochs: Int?
    @Option(help: "small, large or a pairs file.") var data: String?
    @Option(help: "Adam's learning rate (the cosine's peak for isoflop; default 5e-4, 2e-3 with --quick).") var lr: Float?
    @Flag(help: "Print the training loop's line for every evaluation.") var verbose = false

    func run() throws {
        // Every flag is checked before the plan is made and before anything is trained.
        let folder = try PathFlag.outputFolder(out, flag: "--out")
        var settings = SweepSettings.defaults(for: sweepProtocol, quick: quick, seed: seed)
        if let sizes { settings.hiddenSizes = try parseList(sizes, flag: "--sizes") }
        if let budgets { settings.budgets = try parseList(budgets, flag: "--budgets") }
        if let epochs { settings.epochs = try FlagValue.integer(epochs, flag: "--epochs", in: 1...100_000) }
        if let data { settings.data = try resolveData(data) }
        if let lr { settings.learningRate = Float(try FlagValue.positive(Double(lr), flag: "--lr", atMost: 10)) }
        let plan = try asUsage { try SweepPlan(settings: settings) }
        let sweep = Sweep(plan: plan, directory: folder)
        sweep.shard = try asUsage { try Shard(parsing: shard) }
        sweep.verbose = verbose
        // Results on standard output; progress (a bar on a terminal) on standard error.
        sweep.log = { Console.output($0) }
        sweep.showProgress = isatty(STDERR_FILENO) == 1
        sweep.progressOutput = { FileHandle.standardError.write(Data($0.utf8)) }
        let summary = try sweep.run()
        for run in summary.diverged {
            Console.warning("run \(run) diverged; `scaling fit` leaves it out and names it")
        }
    }
}
