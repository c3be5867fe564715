import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// What a finished (or early-stopped) run achieved.
public struct TrainingSummary: Sendable, Equatable {
    public var epochsRun: Int
    /// The kept checkpoint's epoch and validation numbers (best by the run's `checkpointMetric`).
    public var bestEpoch: Int
    public var bestValidationLoss: Double
    public var bestValidationWordAccuracy: Double
    /// Validation word accuracy of the last epoch.
    public var finalValidationWordAccuracy: Double
    public var stoppedEarly: Bool
    /// Mean wall time of an epoch's training steps.
    public var meanEpochSeconds: Double
    /// One record per epoch: `val_loss` and `val_word_acc` besides the loop's columns.
    public var records: [MetricsRecord]
}

extension MetricsRecord {
    /// Mean of the validation batches' losses.
    public var validationLoss: Double { values["val_loss"] ?? .nan }
    /// Fraction of validation words whose greedy translation is exactly right.
    public var validationWordAccuracy: Double { values["val_word_acc"] ?? .nan }
}

/// Trains a `Transformer` on (source, target) pairs — the course's Pig Latin sets or any pairs
/// file — with the library's `TrainingLoop`: Adam, lr × decay at the start of every epoch,
/// batches grouped by length, per-epoch validation loss and exact-match word accuracy,
/// best-validation checkpoint (by loss, or by accuracy with `checkpointMetric`), early stopping,
/// and exact resume. Every step runs data-parallel over the pool's threads (`DataParallel`, one
/// slice of the batch per thread), so the numbers are reproducible for a given
/// `TINYFORMER_NUM_THREADS` and differ slightly between thread counts (float rounding of the
/// split; with dropout, each replica draws its own masks).
///
/// The run folder gets `config.json`, `vocabulary.json`, `metrics.csv`, `checkpoint.safetensors`
/// + `checkpoint.json` (best model) and `last.safetensors` (resume state), all written
/// atomically. A new run refuses a folder that already holds files unless asked to overwrite it.
public final class Trainer {
    public let config: TrainingConfig
    public let runDirectory: URL
    /// Receives one line per epoch and notices (standard output, unbuffered, by default).
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    /// Draws a progress bar during each epoch; on by default when standard output is a terminal
    /// (otherwise the one line per epoch is the progress).
    public var showProgress = isatty(STDOUT_FILENO) == 1

    public init(config: TrainingConfig, runDirectory: URL) throws {
        try config.validate()
        self.config = config
        self.runDirectory = runDirectory
    }

    /// Trains; with `resume`, continues from `last.safetensors` in the run folder and produces the
    /// same numbers as an uninterrupted run; with `overwrite`, a new run replaces what the folder
    /// holds.
    /// - Throws: `RunFolderError` for a folder that is not this run's to use, `DataError` for
    ///   the data, `TrainingError` for the configuration, divergence or a foreign resume state.
    @discardableResult
    public func run(resume: Bool = false, overwrite: Bool = false) throws -> TrainingSummary {
        let mode: RunFolderMode = resume ? .resume : overwrite ? .overwrite : .new
        try RunFolder.check(runDirectory, mode: mode, marker: RunFiles.config)
        let data = try RunData(config: config)
        var config = self.config
        config.model.vocabularySize = data.vocabulary.size
        // The model (its size checked first) exists before the folder is touched: a model that
        // cannot be built leaves no folder behind.
        let model = try Transformer(config: config.model, vocabulary: data.vocabulary)
        let parallel = try DataParallel(model)
        let optimizer = try Adam(parameters: model.parameters, learningRate: config.learningRate)
        let folder = try RunFolder(runDirectory, mode: mode, marker: RunFiles.config)
        if !resume {
            try JSONFile.write(config, to: folder.file(RunFiles.config))
            try JSONFile.write(data.vocabulary, to: folder.file(RunFiles.vocabulary))
        }

        let loop = TrainingLoop<Transformer, PairBatch>(
            model: model, optimizer: optimizer, length: .epochs(config.epochs),
            metrics: [MetricColumn("val_loss", label: "val"), MetricColumn("val_word_acc", label: "acc", format: "%.3f")],
            folder: folder)
        loop.selection = config.checkpointMetric.selection
        loop.patience = config.patience
        loop.gradientClipNorm = config.gradientClipNorm
        loop.identity = try identity(config, data)
        loop.checkpointMetadata = [Transformer.configMetadataKey: try Self.json(config.model)]
        loop.onResume = { [runDirectory] progress in
            // A changed epoch count is the one setting a resumed run may change; config.json
            // records it so that the next plain --resume aims for the same count.
            guard progress.epochsDone < config.epochs, try TrainingConfig.load(runDirectory: runDirectory).epochs != config.epochs else { return }
            try JSONFile.write(config, to: folder.file(RunFiles.config))
        }
        loop.log = log
        loop.showProgress = showProgress
        loop.learningRate = { epoch, _ in config.learningRate(epoch: epoch) }
        loop.onEpochStart = { epoch in
            // Dropout masks depend only on (seed, epoch, replica), so a resumed run repeats them.
            for (r, replica) in parallel.replicas.enumerated() {
                replica.seedDropout(LengthBatcher.epochSeed(seed: config.seed ^ 0xD509_0D09 ^ (UInt64(r) << 32), epoch: epoch))
            }
        }
        loop.batches = { epoch in data.trainBatcher.batches(epoch: epoch) }
        loop.step = { batch in
            let step = try parallel.accumulateGradients(of: batch, architecture: config.model.architecture)
            let flops = Double(batch.count) * config.model.trainingFlops(sourceLength: batch.sourceLength, targetLength: batch.targetLength)
            return StepResult(loss: step.loss, tokens: step.positions, flops: flops)
        }
        loop.evaluate = { _ in try Self.evaluate(model, data) }
        loop.onCheckpoint = { folder, _ in
            try JSONFile.write(config.model, to: folder.file(RunFiles.checkpointConfig))
            try JSONFile.write(data.vocabulary, to: folder.file(RunFiles.vocabulary))
        }

        log("\(data.train.count) training / \(data.validation.count) validation pairs, \(data.trainBatcher.batchCount) batches per epoch, \(model.parameterCount) parameters, \(data.vocabulary.size) tokens, \(parallel.replicas.count) data-parallel replica\(parallel.replicas.count == 1 ? "" : "s")")
        let history = try loop.run(resume: resume)
        return TrainingSummary(epochsRun: history.epochsRun, bestEpoch: history.bestEpoch,
                               bestValidationLoss: history.bestValues["val_loss"] ?? .infinity,
                               bestValidationWordAccuracy: history.bestValues["val_word_acc"] ?? 0,
                               finalValidationWordAccuracy: history.records.last?.validationWordAccuracy ?? 0,
                               stoppedEarly: history.stoppedEarly, meanEpochSeconds: history.meanEpochSeconds,
                               records: history.records)
    }

    /// The run's identity: its configuration without the epoch count (which a resumed run may
    /// raise or lower) and its data.
    private func identity(_ config: TrainingConfig, _ data: RunData) throws -> String {
        var fixed = config
        fixed.epochs = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let pairs = data.dataset.pairs.map { "\($0.source) \($0.target)" }.joined(separator: "\n")
        return RunFolder.identity(of: [Array(try encoder.encode(fixed)), Array(pairs.utf8)])
    }

    /// Key-sorted one-line JSON.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// (mean validation batch loss, exact-match word accuracy of greedy translations).
    static func evaluate(_ model: Transformer, _ data: RunData) throws -> [String: Double] {
        let loss = try data.validationLoss(of: model)
        let validation = data.validation.encoded
        let outputs = try model.greedyDecode(sources: validation.map(\.source), maxOutputLength: data.maxOutputLength)
        let eos = model.vocabulary.endOfSequence
        let correct = zip(outputs, validation).filter { output, pair in Array(output.prefix(while: { $0 != eos })) == pair.target }.count
        return ["val_loss": loss,
                "val_word_acc": Double(correct) / Double(max(validation.count, 1))]
    }
}
