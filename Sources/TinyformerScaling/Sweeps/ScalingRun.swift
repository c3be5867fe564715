import Foundation
import TinyformerIO
import TinyformerNMT
import TinyformerNN

/// The files of a sweep's run folder.
public enum ScalingFiles {
    /// The sweep's plan, in the sweep folder.
    public static let plan = "sweep.json"
    /// The run's `RunSpec`, written first.
    public static let config = "config.json"
    /// One row per evaluation: `MetricsRecord.columns` of `ScalingRun.metrics` (`val_loss`, the
    /// cumulative target tokens `tokens` and `flops_6nd`; the loop's `flops` is the course count).
    public static let metrics = TrainingFiles.metrics
    /// The run's `RunResult`, written last.
    public static let result = "result.json"
    /// The training loop's resume state (model, Adam state, progress), updated every evaluation.
    public static let resumeState = TrainingFiles.resumeState
}

/// Trains one planned run into its folder with the library's `TrainingLoop`: the course's
/// decoder-only `Transformer` on `RunData`, every step data-parallel
/// (`DataParallel.accumulateGradients`), the run's learning-rate schedule, the validation loss
/// and cumulative compute at every evaluation, `result.json` at the end.
public final class ScalingRun {
    /// The metric columns of `metrics.csv` besides the loop's own.
    public static let metrics = [MetricColumn("val_loss", label: "val"), MetricColumn("tokens", format: "%.0f"),
                                 MetricColumn("flops_6nd", format: "%.3e")]

    public let spec: RunSpec
    public let directory: URL
    /// Called after every evaluation, before its row and resume state are written, with
    /// (evaluation number from 1, the totals so far, its validation loss); what it throws
    /// stops the run as a crash would (the folder keeps the previous evaluation's state).
    public var onEvaluation: (_ evaluation: Int, _ totals: ComputeTotals, _ validationLoss: Double) throws -> Void = { _, _, _ in }
    /// The training loop's log lines (one per evaluation).
    public var log: (String) -> Void = { _ in }

    public init(spec: RunSpec, directory: URL) {
        self.spec = spec
        self.directory = directory
    }

    /// Trains the run. `mode` `.resume` continues from the folder's resume state (exactly, for
    /// the same thread count); `.new` requires an empty folder; `.overwrite` replaces it.
    /// - Throws: `RunFolderError`, `TrainingError` (except divergence, which becomes a result
    ///   with status `diverged`), and the data's errors.
    @discardableResult
    public func run(mode: RunFolderMode) throws -> RunResult {
        let data = try RunData(config: spec.training)
        var training = spec.training
        training.model.vocabularySize = data.vocabulary.size
        let folder = try RunFolder(directory, mode: mode, marker: ScalingFiles.config)
        let model = try Transformer(config: training.model, vocabulary: data.vocabulary)
        let parallel = try DataParallel(model)
        let optimizer = try Adam(parameters: model.parameters, learningRate: training.learningRate)
        let ledger = try ComputeLedger(batcher: data.trainBatcher, config: training.model)
        let counts = ParameterCount(model: model)
        if mode != .resume { try JSONFile.write(spec, to: folder.file(ScalingFiles.config)) }

        let loop = TrainingLoop<Transformer, PairBatch>(model: model, optimizer: optimizer, length: spec.length,
                                                        metrics: Self.metrics, folder: folder)
        loop.identity = try identity(data)
        loop.showProgress = false
        loop.log = log
        let spec = self.spec
        loop.learningRate = { epoch, step in spec.learningRate(epoch: epoch, step: step) }
        loop.batches = { epoch in data.trainBatcher.batches(epoch: epoch) }
        loop.step = { batch in
            let step = try parallel.accumulateGradients(of: batch, architecture: .decoderOnly)
            return StepResult(loss: step.loss, tokens: step.positions, flops: CourseFlops.training(batch: batch, config: training.model))
        }
        loop.evaluate = { [onEvaluation] evaluation in
            let loss = try data.validationLoss(of: model)
            let totals = ledger.totals(afterSteps: spec.steps(afterEvaluation: evaluation, batchesPerEpoch: ledger.batchesPerEpoch))
            try onEvaluation(evaluation + 1, totals, loss)
            return ["val_loss": loss, "tokens": Double(totals.targetTokens),
                    "flops_6nd": CourseFlops.sixND(parameters: counts.course, tokens: Double(totals.targetTokens))]
        }

        var result = RunResult(name: spec.name, status: .finished, hiddenSize: spec.hiddenSize, layers: training.model.layers,
                               budget: spec.budget, params: counts.course, paramsTotal: counts.total,
                               paramsNonEmbedding: counts.nonEmbedding, steps: 0, evaluations: 0, flops: 0, flops6ND: 0,
                               targetTokens: 0, sequences: 0, seconds: 0, threads: parallel.replicas.count)
        var records: [MetricsRecord]
        do {
            records = try loop.run(resume: mode == .resume).records
        } catch let TrainingError.diverged(epoch, step, loss, reason, _) {
            result.status = .diverged
            result.note = "diverged at evaluation period \(epoch), step \(step) of it (loss \(loss), \(reason))"
            records = (try? Self.readMetrics(folder.file(ScalingFiles.metrics))) ?? []
        }
        summarize(records, ledger: ledger, into: &result)
        try JSONFile.write(result, to: folder.file(ScalingFiles.result))
        return result
    }

    /// Fills the result's numbers from the evaluations.
    private func summarize(_ records: [MetricsRecord], ledger: ComputeLedger, into result: inout RunResult) {
        let last = records.last
        result.evaluations = records.count
        result.steps = last?.iterations ?? 0
        let totals = ledger.totals(afterSteps: result.steps)
        result.flops = totals.flops
        result.targetTokens = totals.targetTokens
        result.sequences = totals.sequences
        result.flops6ND = CourseFlops.sixND(parameters: result.params, tokens: Double(totals.targetTokens))
        result.seconds = records.reduce(0) { $0 + $1.seconds }
        result.finalValidationLoss = last?.validationLoss.finite
        let best = records.filter { $0.validationLoss.isFinite }.min { $0.validationLoss < $1.validationLoss }
        result.bestValidationLoss = best?.validationLoss
        // From the ledger, as `flops` above: a record read back from metrics.csv after a resume
        // carries its FLOPs rounded to the CSV's 7 digits.
        result.bestAtFlops = best.map { ledger.totals(afterSteps: $0.iterations).flops }
    }

    /// The run's identity for resume checks: its spec and its data.
    private func identity(_ data: RunData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let pairs = data.dataset.pairs.map { "\($0.source) \($0.target)" }.joined(separator: "\n")
        return RunFolder.identity(of: [Array(try encoder.encode(spec)), Array(pairs.utf8)])
    }

    /// Reads a run's `metrics.csv`.
    /// - Throws: `RunRecordError` for an unreadable file or a malformed row.
    public static func readMetrics(_ url: URL) throws -> [MetricsRecord] {
        let log = try CSVLog.open(url: url, columns: MetricsRecord.columns(metrics))
        return try log.rows.enumerated().map { index, fields in
            guard let record = MetricsRecord(csvFields: fields, metrics: metrics) else {
                throw RunRecordError.malformed(path: url.path, line: index + 2, reason: "not a metrics row of \(metrics.count + 7) numbers")
            }
            return record
        }
    }
}
