import Foundation
import TinyformerIO

/// Where a period's training time went: the steps' forward passes, the rest of the steps
/// (backward and gradient reduction), and gradient clipping with the optimizer update — the split
/// `torch.profiler` would give of a training loop, measured by wall clock.
public struct PhaseSeconds: Sendable, Equatable {
    public var forward: Double
    public var backward: Double
    public var optimizer: Double

    public init(forward: Double, backward: Double, optimizer: Double) {
        self.forward = forward
        self.backward = backward
        self.optimizer = optimizer
    }

    /// The CSV columns, after `flops`, of a loop that records them.
    public static let columns = ["forward_s", "backward_s", "optimizer_s"]
}

/// One evaluation's measurements: one row of a run's `metrics.csv`, whose columns are
///
///     epoch, train_loss, <the loop's metric columns…>, seconds, tokens_per_s, lr, iterations, flops
///     [, forward_s, backward_s, optimizer_s]
///
/// (`epoch` counts evaluations: epochs, or evaluation periods of a step-budgeted run; the phase
/// columns only when the loop records them, `TrainingLoop.recordsPhaseSeconds`).
public struct MetricsRecord: Sendable, Equatable {
    /// 1-based evaluation number.
    public var epoch: Int
    /// Mean of the period's training step losses.
    public var trainLoss: Double
    /// The evaluation's metrics by column name (`val_loss`, `val_word_acc`, …).
    public var values: [String: Double]
    /// Wall time of the period's training steps (not the evaluation).
    public var seconds: Double
    /// Tokens (positions) trained per second.
    public var tokensPerSecond: Double
    /// The learning rate of the period's last step.
    public var learningRate: Float
    /// Optimizer steps taken so far (the x axis of loss plots).
    public var iterations: Int
    /// Training FLOPs so far (as the step closure reports them).
    public var flops: Double
    /// The period's time split by phase (their sum is `seconds` less the loop's own bookkeeping),
    /// when recorded.
    public var phases: PhaseSeconds?

    public init(epoch: Int, trainLoss: Double, values: [String: Double], seconds: Double, tokensPerSecond: Double,
                learningRate: Float, iterations: Int, flops: Double, phases: PhaseSeconds? = nil) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.values = values
        self.seconds = seconds
        self.tokensPerSecond = tokensPerSecond
        self.learningRate = learningRate
        self.iterations = iterations
        self.flops = flops
        self.phases = phases
    }

    /// The value of metric column `name`.
    public subscript(name: String) -> Double? { values[name] }

    /// The CSV header for these metric columns (and the phase columns when `phases`).
    public static func columns(_ metrics: [MetricColumn], phases: Bool = false) -> [String] {
        ["epoch", "train_loss"] + metrics.map(\.name) + ["seconds", "tokens_per_s", "lr", "iterations", "flops"]
            + (phases ? PhaseSeconds.columns : [])
    }

    /// The row's fields, in `columns(metrics, phases: phases != nil)` order.
    public func csvFields(_ metrics: [MetricColumn]) -> [String] {
        [String(epoch), String(trainLoss)] + metrics.map { values[$0.name].map { String($0) } ?? "nan" }
            + [String(format: "%.4f", seconds), String(format: "%.0f", tokensPerSecond), String(learningRate), String(iterations),
               String(format: "%.6e", flops)]
            + (phases.map { [$0.forward, $0.backward, $0.optimizer].map { String(format: "%.4f", $0) } } ?? [])
    }

    /// The rows of a `metrics.csv` written by a loop with these metric columns, with or without
    /// the phase columns.
    /// - Throws: `RunRecordError` for a missing file or another header, `TrainingError` naming
    ///   the file and row of a malformed row.
    public static func read(_ url: URL, metrics: [MetricColumn]) throws -> [MetricsRecord] {
        try records(of: try openLog(url, metrics: metrics), metrics: metrics)
    }

    /// Opens a `metrics.csv` written with these metric columns; its header says whether it has
    /// the phase columns (`log.columns`).
    /// - Throws: `RunRecordError` for a missing file or another header.
    public static func openLog(_ url: URL, metrics: [MetricColumn]) throws -> CSVLog {
        do {
            return try CSVLog.open(url: url, columns: columns(metrics, phases: true))
        } catch {
            return try CSVLog.open(url: url, columns: columns(metrics))
        }
    }

    /// The records of a log's rows.
    /// - Throws: `TrainingError.corruptCheckpoint` naming the file and row of a malformed row.
    public static func records(of log: CSVLog, metrics: [MetricColumn]) throws -> [MetricsRecord] {
        try log.rows.enumerated().map { index, fields in
            guard let record = MetricsRecord(csvFields: fields, metrics: metrics) else {
                throw TrainingError.corruptCheckpoint(path: log.url.path, reason: "row \(index + 2) is malformed")
            }
            return record
        }
    }

    /// Parses a row written by `csvFields(metrics)`, with or without the phase columns; nil when a
    /// field is malformed.
    public init?(csvFields fields: [String], metrics: [MetricColumn]) {
        let m = metrics.count
        guard fields.count == m + 7 || fields.count == m + 10, let epoch = Int(fields[0]), let train = Double(fields[1]),
              let seconds = Double(fields[m + 2]), let tps = Double(fields[m + 3]), let lr = Float(fields[m + 4]),
              let iterations = Int(fields[m + 5]), let flops = Double(fields[m + 6]) else { return nil }
        var values: [String: Double] = [:]
        for (i, column) in metrics.enumerated() {
            guard let v = Double(fields[2 + i]) else { return nil }
            values[column.name] = v
        }
        var phases: PhaseSeconds?
        if fields.count == m + 10 {
            guard let forward = Double(fields[m + 7]), let backward = Double(fields[m + 8]), let optimizer = Double(fields[m + 9])
            else { return nil }
            phases = PhaseSeconds(forward: forward, backward: backward, optimizer: optimizer)
        }
        self.init(epoch: epoch, trainLoss: train, values: values, seconds: seconds, tokensPerSecond: tps, learningRate: lr,
                  iterations: iterations, flops: flops, phases: phases)
    }
}

/// What a finished (or early-stopped) loop achieved.
public struct TrainingHistory: Sendable, Equatable {
    /// Every evaluation, in order (including those of the run before a resume).
    public var records: [MetricsRecord]
    /// The kept checkpoint's evaluation number (0 when none was kept) and metrics.
    public var bestEpoch: Int
    public var bestValues: [String: Double]
    public var stoppedEarly: Bool

    /// Evaluations done.
    public var epochsRun: Int { records.count }
    /// Mean wall time of a period's training steps.
    public var meanEpochSeconds: Double {
        records.isEmpty ? 0 : records.map(\.seconds).reduce(0, +) / Double(records.count)
    }
}
