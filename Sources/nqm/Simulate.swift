import ArgumentParser
import TinyformerCLI
import TinyformerNQM

/// `nqm simulate`: Monte Carlo vs exact expected loss.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Monte Carlo mean loss (with 95% CI) vs the exact expected-loss recursion; writes simulate.csv and simulate.svg."
    )

    @Option(help: "sgd, momentum or precond.")
    var optimizer: OptimizerKind = .sgd

    @Option(parsing: .unconditional, help: "Learning rate η (inside the stability region).")
    var lr: Double = 0.1

    @Option(parsing: .unconditional, help: "Momentum β for --optimizer momentum.")
    var momentum: Double = 0.9

    @Option(parsing: .unconditional, help: "Power p of the H^(-p) preconditioner for --optimizer precond.")
    var precondPower: Double = 0.5

    @Option(help: "Batch size B.")
    var batchSize: Int = 8

    @Option(help: "Number of optimiser steps.")
    var steps: Int = 300

    @Option(help: "Independent Monte Carlo runs.")
    var runs: Int = 1000

    @Option(help: "Seed of the random generator.")
    var seed: UInt64 = 0

    @Option(help: "Record the loss every k steps.")
    var recordEvery: Int = 5

    @Option(help: "Also write the result as JSON to this path.")
    var json: String?

    @Option(help: "Output directory for simulate.csv and simulate.svg.")
    var out: String

    @OptionGroup var model: ModelOptions

    func run() throws {
        let output = try Output(out: out, json: json)
        let nqm = try model.makeModel()
        let config = OptimizerConfig(learningRate: lr, momentum: optimizer == .momentum ? momentum : 0,
                                     preconditionPower: optimizer == .precond ? precondPower : 0)
        Output.progress("simulate: \(optimizer.rawValue), d=\(nqm.dimension), B=\(batchSize), \(runs) runs × \(steps) steps")
        let result = try nqm.simulate(optimizer: config, batchSize: batchSize, steps: steps, runs: runs, seed: seed, recordEvery: recordEvery,
                                    progress: Output.progress)
        if let last = result.exact.indices.last {
            Console.output("final step \(result.steps[last]): exact \(result.exact[last]), Monte Carlo \(result.mean[last]) ± \(1.96 * result.standardError[last]) (95% CI)")
        }
        Console.output("exact value inside the 95% CI at \(Int((result.coverage() * 100).rounded()))% of \(result.steps.count) recorded steps")
        try output.write(NQMReport.simulationCSV(result), name: "simulate.csv")
        try output.write(NQMCharts.simulation(result).svg(), name: "simulate.svg")
        try output.writeJSON(NQMReport.json(result))
    }
}
