import Foundation

/// One evaluation's measurements: one row of a run's `metrics.csv`, whose columns are
///
///     epoch, train_loss, <the loop's metric columns…>, seconds, tokens_per_s, lr, iterations, flops
///
/// (`epoch` counts evaluations: epochs, or evaluation periods of a step-budgeted run).
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

    public init(epoch: Int, trainLoss: Double, values: [String: Double], seconds: Double, tokensPerSecond: Double,
                learningRate: Float, iterations: Int, flops: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.values = values
        self.seconds = seconds
        self.tokensPerSecond = tokensPerSecond
        self.learningRate = learningRate
        self.iterations = iterations
        self.flops = flops
    }

    /// The value of metric column `name`.
    public subscript(name: String) -> Double? { values[name] }

    /// The CSV header for these metric columns.
    public static func columns(_ metrics: [MetricColumn]) -> [String] {
        ["epoch", "train_loss"] + metrics.map(\.name) + ["seconds", "tokens_per_s", "lr", "iterations", "flops"]
    }

    /// The row's fields, in `columns(metrics)` order.
    public func csvFields(_ metrics: [MetricColumn]) -> [String] {
        [String(epoch), String(trainLoss)] + metrics.map { values[$0.name].map { String($0) } ?? "nan" }
            + [String(format: "%.4f", seconds), String(format: "%.0f", tokensPerSecond), String(learningRate), String(iterations),
               String(format: "%.6e", flops)]
    }

    /// Parses a row written by `csvFields(metrics)`; nil when a field is malformed.
    public init?(csvFields fields: [String], metrics: [MetricColumn]) {
        let m = metrics.count
        guard fields.count == m + 7, let epoch = Int(fields[0]), let train = Double(fields[1]),
              let seconds = Double(fields[m + 2]), let tps = Double(fields[m + 3]), let lr = Float(fields[m + 4]),
              let iterations = Int(fields[m + 5]), let flops = Double(fields[m + 6]) else { return nil }
        var values: [String: Double] = [:]
        for (i, column) in metrics.enumerated() {
            guard let v = Double(fields[2 + i]) else { return nil }
            values[column.name] = v
        }
        self.init(epoch: epoch, trainLoss: train, values: values, seconds: seconds, tokensPerSecond: tps, learningRate: lr,
                  iterations: iterations, flops: flops)
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
