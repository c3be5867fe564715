import Foundation
import TinyformerIO
import TinyformerNMT
import TinyformerNN
import TinyformerScaling

/// Writes a sweep folder by hand — the plan, and for each run a config, a metrics.csv whose
/// losses follow a known law L(N, D) = E + A/N^α + B/D^β, and a result — so fits can be tested
/// without training.
enum SyntheticSweep {
    static let law = ParametricLaw(E: 0.3, A: 40, B: 300, alpha: 0.4, beta: 0.4)

    /// The default course plan (six sizes, 100 epochs) or a tiny IsoFLOP plan.
    static func write(_ sweepProtocol: SweepProtocol, to folder: URL, skipping: Set<String> = []) throws -> SweepPlan {
        let plan = try SweepPlan(settings: sweepProtocol == .course ? .defaults(for: .course) : tinySettings(.isoflop))
        try JSONFile.write(plan, to: folder.appendingPathComponent(ScalingFiles.plan))
        let data = try RunData(config: plan.runs[0].training)
        for run in plan.runs where !skipping.contains(run.name) {
            let directory = folder.appendingPathComponent(run.name)
            try JSONFile.write(run, to: directory.appendingPathComponent(ScalingFiles.config))
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: run.training.model)
            let params = try ParameterCount(config: run.training.model).course
            let evaluations = run.steps.map { steps in Array(Set([steps / 2, steps])).sorted() }
                ?? (1...run.training.epochs).map { $0 * ledger.batchesPerEpoch }
            var log = CSVLog(url: directory.appendingPathComponent(ScalingFiles.metrics), columns: MetricsRecord.columns(ScalingRun.metrics))
            var losses: [Double] = []
            for (index, steps) in evaluations.enumerated() {
                let totals = ledger.totals(afterSteps: steps)
                let loss = law.loss(params: Double(params), tokens: Double(totals.targetTokens))
                losses.append(loss)
                let record = MetricsRecord(epoch: index + 1, trainLoss: loss, values: ["val_loss": loss, "tokens": Double(totals.targetTokens),
                                                                                      "flops_6nd": 6 * Double(params) * Double(totals.targetTokens)],
                                           seconds: 0.1, tokensPerSecond: 1, learningRate: 5e-4, iterations: steps, flops: totals.flops)
                try log.append(record.csvFields(ScalingRun.metrics))
            }
            let totals = ledger.totals(afterSteps: evaluations.last!)
            let result = RunResult(name: run.name, status: .finished, hiddenSize: run.hiddenSize, layers: 4, budget: run.budget, params: params,
                                   paramsTotal: params + 30 * run.hiddenSize, paramsNonEmbedding: params - 30 * (run.hiddenSize + 1),
                                   steps: evaluations.last!, evaluations: evaluations.count, finalValidationLoss: losses.last,
                                   bestValidationLoss: losses.min(), bestAtFlops: totals.flops, flops: totals.flops,
                                   flops6ND: 6 * Double(params) * Double(totals.targetTokens), targetTokens: totals.targetTokens,
                                   sequences: totals.sequences, seconds: 1, threads: 2)
            try JSONFile.write(result, to: directory.appendingPathComponent(ScalingFiles.result))
        }
        return plan
    }

    /// Options that keep a fit fast in tests.
    static var quickOptions: FitOptions {
        var options = FitOptions()
        options.replicates = 40
        options.parametricReplicates = 4
        options.grid = InitialGrid(a: [0, 5, 10], b: [0, 5, 10], e: [-1, 0], alpha: [0.5, 1], beta: [0.5, 1])
        return options
    }
}
