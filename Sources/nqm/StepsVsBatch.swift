import ArgumentParser
import TinyformerCLI
import TinyformerNQM

/// `nqm steps-vs-batch`: steps to target at each batch size's optimal learning rate.
struct StepsVsBatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps-vs-batch",
        abstract: "Steps-to-target vs batch size per optimiser with regimes and critical batch sizes; writes steps_vs_batch.csv and .svg."
    )

    @Option(help: "Batch sizes, e.g. 1,2,4,8 or 1,2,4,…,4096.")
    var batchSizes: String = "1,2,4,...,4096"

    @Option(help: "Comma-separated optimisers (sgd, momentum, precond).")
    var optimizers: String = "sgd,momentum,precond"

    @Option(help: "Also write the results as JSON (a list with one object per optimiser) to this path.")
    var json: String?

    @Option(help: "Output directory for steps_vs_batch.csv and steps_vs_batch.svg.")
    var out: String

    @OptionGroup var model: ModelOptions
    @OptionGroup var search: SearchFlags

    func run() throws {
        let output = try Output(out: out, json: json)
        let nqm = try model.makeModel()
        let options = try search.makeOptions()
        let sizes = try BatchSizeList.parse(batchSizes)
        var kinds: [OptimizerKind] = []
        for name in optimizers.split(separator: ",") {
            guard let kind = OptimizerKind(rawValue: String(name)) else {
                throw ValidationError("--optimizers: unknown optimiser '\(name)' (expected sgd, momentum or precond)")
            }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else { throw ValidationError("--optimizers: the list is empty") }
        Output.progress("steps-vs-batch: d=\(nqm.dimension), L(w0)=\(nqm.initialLoss), target=\(options.targetLoss), \(sizes.count) batch sizes")
        var results: [BatchScalingResult] = []
        for kind in kinds {
            results.append(try nqm.batchScaling(for: kind, batchSizes: sizes, options: options, progress: Output.progress))
        }
        Console.output(NQMReport.stepsVsBatchTable(results), terminator: "")
        try output.write(NQMReport.stepsVsBatchCSV(results), name: "steps_vs_batch.csv")
        try output.write(NQMCharts.stepsVsBatch(results, targetLoss: options.targetLoss).svg(), name: "steps_vs_batch.svg")
        try output.writeJSON(NQMReport.json(results))
    }
}
