import ArgumentParser
import TinyformerCLI
import TinyformerNQM

/// `nqm optimal-lr`: optimal learning rate for each batch size.
struct OptimalLR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal-lr",
        abstract: "Table of batch size vs optimal learning rate; writes optimal_lr.csv and optimal_lr.svg (log-log)."
    )

    @Option(help: "Batch sizes, e.g. 1,2,4,8 or 1,2,4,…,4096.")
    var batchSizes: String = "1,2,4,...,4096"

    @Option(help: "sgd, momentum or precond.")
    var optimizer: OptimizerKind = .sgd

    @Option(help: "Also write the result as JSON to this path.")
    var json: String?

    @Option(help: "Output directory for optimal_lr.csv and optimal_lr.svg.")
    var out: String

    @OptionGroup var model: ModelOptions
    @OptionGroup var search: SearchFlags

    func run() throws {
        let output = try Output(out: out, json: json)
        let nqm = try model.makeModel()
        let options = try search.makeOptions()
        let sizes = try BatchSizeList.parse(batchSizes)
        Output.progress("optimal-lr: \(optimizer.rawValue), d=\(nqm.dimension), L(w0)=\(nqm.initialLoss), target=\(options.targetLoss), \(sizes.count) batch sizes")
        let points = try nqm.optimalLearningRates(for: optimizer, batchSizes: sizes, options: options, progress: Output.progress)
        let result = OptimalLearningRateResult(optimizer: optimizer, targetLoss: options.targetLoss, objective: options.objective, points: points)
        Console.output(NQMReport.optimalLearningRateTable(points), terminator: "")
        Console.output("lr slope (smallest B): \(result.smallBatchSlope), (largest B): \(result.largeBatchSlope)")
        try output.write(NQMReport.optimalLearningRateCSV(points), name: "optimal_lr.csv")
        try output.write(NQMCharts.optimalLearningRate(points, kind: optimizer).svg(), name: "optimal_lr.svg")
        try output.writeJSON(NQMReport.json(result))
    }
}
