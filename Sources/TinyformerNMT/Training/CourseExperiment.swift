import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerPlot

/// One run of an experiment: a name (its folder) and its configuration.
public struct ExperimentRun: Codable, Sendable, Equatable {
    public var name: String
    public var config: TrainingConfig
}

/// One row of the experiment's results table.
public struct ExperimentResult: Codable, Sendable, Equatable {
    public var name: String
    public var lowestValidationLoss: Double
    public var bestEpoch: Int
    public var epochsRun: Int
    public var finalValidationWordAccuracy: Double
    public var meanEpochSeconds: Double

    public init(name: String, lowestValidationLoss: Double, bestEpoch: Int, epochsRun: Int, finalValidationWordAccuracy: Double,
                meanEpochSeconds: Double) {
        self.name = name
        self.lowestValidationLoss = lowestValidationLoss
        self.bestEpoch = bestEpoch
        self.epochsRun = epochsRun
        self.finalValidationWordAccuracy = finalValidationWordAccuracy
        self.meanEpochSeconds = meanEpochSeconds
    }
}

/// The course's Pig Latin experiment (section 2.2): four encoder–decoder runs comparing hidden
/// size and dataset, then the decoder-only run; plots of train/validation loss against
/// iterations and a markdown table of the lowest validation loss per run.
public enum CourseExperiment {
    /// The runs, course configs: h32/small 4 layers batch 64 100 epochs; h32/large 3 layers
    /// batch 512 100 epochs patience 10; h64/small 3 layers batch 64 50 epochs patience 20;
    /// h64/large 3 layers batch 512 50 epochs patience 20; decoder-only h128 4 layers small
    /// batch 64 100 epochs. `quick` keeps the shapes but trains 2 epochs on ≤ 500 pairs (a smoke
    /// run); `epochFraction` < 1 keeps the data and trains that fraction of each run's epochs
    /// (at least 1), patience scaled alike — a shorter run that still shows the comparisons.
    public static func runs(quick: Bool = false, seed: UInt64 = 0, epochFraction: Double = 1) -> [ExperimentRun] {
        func run(_ name: String, _ arch: TransformerConfig.Architecture, hidden: Int, layers: Int, data: String,
                 batch: Int, epochs: Int, patience: Int?) -> ExperimentRun {
            let model = TransformerConfig(architecture: arch, hiddenSize: hidden, layers: layers, seed: seed)
            var config = TrainingConfig(model: model, data: data, batchSize: batch, epochs: epochs, patience: patience, seed: seed)
            if quick {
                config.epochs = 2
                config.maxTrainingPairs = 500
            } else if epochFraction < 1 {
                config.epochs = max(1, Int((Double(epochs) * epochFraction).rounded()))
                config.patience = patience.map { max(1, Int((Double($0) * epochFraction).rounded())) }
            }
            return ExperimentRun(name: name, config: config)
        }
        return [
            run("h32-small", .encoderDecoder, hidden: 32, layers: 4, data: "small", batch: 64, epochs: 100, patience: nil),
            run("h32-large", .encoderDecoder, hidden: 32, layers: 3, data: "large", batch: 512, epochs: 100, patience: 10),
            run("h64-small", .encoderDecoder, hidden: 64, layers: 3, data: "small", batch: 64, epochs: 50, patience: 20),
            run("h64-large", .encoderDecoder, hidden: 64, layers: 3, data: "large", batch: 512, epochs: 50, patience: 20),
            run("decoder-h128-small", .decoderOnly, hidden: 128, layers: 4, data: "small", batch: 64, epochs: 100, patience: nil),
        ]
    }

    /// Runs everything into `outDirectory` (one folder per run) and writes `loss_by_hidden.svg`,
    /// `loss_by_dataset.svg`, `decoder_only.svg`, `results.md` and `results.json`.
    /// - Parameter overwrite: replace runs already in `outDirectory` (otherwise a run folder that
    ///   holds files is an error).
    @discardableResult
    public static func run(outDirectory: URL, quick: Bool = false, seed: UInt64 = 0, epochFraction: Double = 1, overwrite: Bool = false,
                           showProgress: Bool = isatty(STDOUT_FILENO) == 1,
                           log: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }) throws -> [ExperimentResult] {
        var results: [ExperimentResult] = []
        var histories: [String: [MetricsRecord]] = [:]
        guard epochFraction > 0, epochFraction <= 1 else {
            throw TrainingError.invalidConfiguration("the epoch fraction must be in (0, 1], got \(epochFraction)")
        }
        let plannedRuns = runs(quick: quick, seed: seed, epochFraction: epochFraction)
        // Every run folder is checked before the first run trains, not after hours of training.
        for run in plannedRuns {
            try RunFolder.check(outDirectory.appendingPathComponent(run.name), mode: overwrite ? .overwrite : .new, marker: RunFiles.config)
        }
        for run in plannedRuns {
            log("== \(run.name)")
            let trainer = try Trainer(config: run.config, runDirectory: outDirectory.appendingPathComponent(run.name))
            trainer.log = log
            trainer.showProgress = showProgress
            let summary = try trainer.run(overwrite: overwrite)
            histories[run.name] = summary.records
            results.append(ExperimentResult(name: run.name, lowestValidationLoss: summary.bestValidationLoss, bestEpoch: summary.bestEpoch,
                                            epochsRun: summary.epochsRun, finalValidationWordAccuracy: summary.finalValidationWordAccuracy,
                                            meanEpochSeconds: summary.meanEpochSeconds))
        }
        try lossChart("Loss by hidden size (small dataset)", ["h32-small", "h64-small"], histories)
            .write(to: outDirectory.appendingPathComponent("loss_by_hidden.svg"))
        try lossChart("Loss by dataset (hidden 64)", ["h64-small", "h64-large"], histories)
            .write(to: outDirectory.appendingPathComponent("loss_by_dataset.svg"))
        try lossChart("Decoder-only vs encoder–decoder (small dataset)", ["decoder-h128-small", "h64-small"], histories)
            .write(to: outDirectory.appendingPathComponent("decoder_only.svg"))
        try AtomicFile.write(table(results), to: outDirectory.appendingPathComponent("results.md"), createDirectories: true)
        try JSONFile.write(results, to: outDirectory.appendingPathComponent("results.json"))
        return results
    }

    /// Train (dashed) and validation (solid) loss against iterations for the named runs.
    static func lossChart(_ title: String, _ names: [String], _ histories: [String: [MetricsRecord]]) -> LineChart {
        var series: [Series] = []
        for (index, name) in names.enumerated() {
            guard let records = histories[name], !records.isEmpty else { continue }
            let color = Palette.color(at: index)
            let x = records.map { Double($0.iterations) }
            series.append(Series(name: "\(name) train", x: x, y: records.map(\.trainLoss), style: SeriesStyle(color: color, dashed: true)))
            series.append(Series(name: "\(name) val", x: x, y: records.map(\.validationLoss), style: SeriesStyle(color: color)))
        }
        return LineChart(title: title, xAxis: Axis(label: "iterations"), yAxis: Axis(label: "cross-entropy loss", scale: .log10),
                         series: series)
    }

    /// The markdown results table.
    public static func table(_ results: [ExperimentResult]) -> String {
        var lines = ["| run | lowest val loss | at epoch | epochs run | final val word accuracy | s / epoch |",
                     "|---|---:|---:|---:|---:|---:|"]
        for r in results {
            lines.append(String(format: "| %@ | %.4f | %d | %d | %.3f | %.2f |", r.name, r.lowestValidationLoss, r.bestEpoch,
                                r.epochsRun, r.finalValidationWordAccuracy, r.meanEpochSeconds))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
