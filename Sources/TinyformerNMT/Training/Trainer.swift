import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// What a finished (or early-stopped) run achieved.
public struct TrainingSummary: Codable, Sendable, Equatable {
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
    public var records: [EpochRecord]
}

/// Trains a `Transformer` on Pig Latin pairs (the course's loop): Adam, lr × decay at the start of
/// every epoch, batches grouped by length, per-epoch validation loss and exact-match word
/// accuracy, best-validation checkpoint (by loss, or by accuracy with `checkpointMetric`), early
/// stopping, and exact resume. Every step runs
/// data-parallel over the pool's threads (`DataParallel`, one slice of the batch per thread), so
/// the numbers are reproducible for a given `TINYFORMER_NUM_THREADS` and differ slightly between
/// thread counts (float rounding of the split; with dropout, each replica draws its own masks).
///
/// The run folder gets `config.json`, `metrics.csv`, `checkpoint.safetensors` + `checkpoint.json`
/// (best model) and `last.safetensors` (resume state), all written atomically.
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
    /// same numbers as an uninterrupted run.
    @discardableResult
    public func run(resume: Bool = false) throws -> TrainingSummary {
        let dataset = try PairDataset.load(config.data)
        var (train, validation) = try dataset.split(seed: config.seed)
        if let limit = config.maxTrainingPairs, limit < train.count {
            train = try PairDataset(pairs: Array(train.pairs.prefix(limit)), name: train.name)
        }
        try checkLengths(train, validation)
        let trainBatcher = try LengthBatcher(dataset: train, batchSize: config.batchSize,
                                             order: config.shuffleBatches ? .shuffled(seed: config.seed) : .fixed)
        let validationBatches = try LengthBatcher(dataset: validation, batchSize: config.batchSize, order: .fixed).batches(epoch: 0)

        let model = try Transformer(config: config.model)
        let parallel = try DataParallel(model)
        let optimizer = try Adam(parameters: model.parameters, learningRate: config.learningRate)
        let metricsURL = runDirectory.appendingPathComponent(RunFiles.metrics)
        let stateURL = runDirectory.appendingPathComponent(RunFiles.resumeState)
        var progress = TrainingProgress()
        var metrics = CSVLog(url: metricsURL, columns: EpochRecord.columns)
        if resume {
            guard FileManager.default.fileExists(atPath: stateURL.path) else {
                throw TrainingError.missingRun(path: stateURL.path, reason: "nothing to resume (no resume state)")
            }
            progress = try ResumeState.load(into: model, optimizer: optimizer, from: stateURL)
            metrics = try CSVLog.open(url: metricsURL, columns: EpochRecord.columns)
            try metrics.keepFirst(progress.epochsDone)
            log("resuming \(runDirectory.path) after epoch \(progress.epochsDone)")
        } else {
            try JSONFile.write(config, to: runDirectory.appendingPathComponent(RunFiles.config))
            try metrics.save()
        }
        var records = metrics.rows.compactMap(EpochRecord.init(csvFields:))

        log("\(train.count) training / \(validation.count) validation pairs, \(trainBatcher.batchCount) batches per epoch, \(model.parameterCount) parameters, \(parallel.replicas.count) data-parallel replica\(parallel.replicas.count == 1 ? "" : "s")")
        var stoppedEarly = false
        for epoch in progress.epochsDone..<config.epochs {
            if let patience = config.patience, progress.epochsWithoutImprovement >= patience {
                stoppedEarly = true
                break
            }
            optimizer.learningRate = config.learningRate(epoch: epoch)
            // Dropout masks depend only on (seed, epoch, replica), so a resumed run repeats them.
            for (r, replica) in parallel.replicas.enumerated() {
                replica.dropoutGenerator = SeededGenerator(seed: LengthBatcher.epochSeed(seed: config.seed ^ 0xD509_0D09 ^ (UInt64(r) << 32),
                                                                                         epoch: epoch))
            }
            let (trainLoss, seconds, tokens, flops) = try trainEpoch(parallel, optimizer, trainBatcher.batches(epoch: epoch),
                                                                     epoch: epoch + 1, progress: &progress)
            let (validationLoss, accuracy) = try evaluate(model, validationBatches, validation)
            progress.epochsDone = epoch + 1
            let record = EpochRecord(epoch: epoch + 1, trainLoss: trainLoss, validationLoss: validationLoss,
                                     validationWordAccuracy: accuracy, seconds: seconds,
                                     tokensPerSecond: Double(tokens) / max(seconds, 1e-9),
                                     learningRate: optimizer.learningRate, iterations: progress.iterations)
            records.append(record)
            try metrics.append(record.csvFields)
            var note = ""
            if config.checkpointMetric.improves(loss: validationLoss, accuracy: accuracy, bestLoss: progress.bestValidationLoss,
                                                bestAccuracy: progress.bestValidationAccuracy) {
                progress.bestValidationLoss = validationLoss
                progress.bestValidationAccuracy = accuracy
                progress.bestEpoch = epoch + 1
                progress.epochsWithoutImprovement = 0
                try model.saveCheckpoint(runDirectory: runDirectory, epoch: epoch + 1, validationLoss: validationLoss,
                                         validationAccuracy: accuracy)
                note = " (best)"
            } else {
                progress.epochsWithoutImprovement += 1
            }
            try ResumeState.save(model: model, optimizer: optimizer, progress: progress, to: stateURL)
            log(String(format: "epoch %3d  train %.4f  val %.4f  acc %.3f  %.2f s  %.0f tok/s  %.0f GFLOP/s%@",
                       epoch + 1, trainLoss, validationLoss, accuracy, seconds, record.tokensPerSecond,
                       flops / max(seconds, 1e-9) / 1e9, note))
        }
        let trained = records.map(\.seconds)
        return TrainingSummary(epochsRun: progress.epochsDone, bestEpoch: progress.bestEpoch,
                               bestValidationLoss: progress.bestValidationLoss,
                               bestValidationWordAccuracy: progress.bestValidationAccuracy,
                               finalValidationWordAccuracy: records.last?.validationWordAccuracy ?? 0,
                               stoppedEarly: stoppedEarly, meanEpochSeconds: trained.reduce(0, +) / Double(max(trained.count, 1)),
                               records: records)
    }

    /// One pass over the training batches: (mean batch loss, seconds of training, positions
    /// trained, matrix-product FLOPs of the steps by `TransformerConfig.trainingFlops`).
    ///
    /// Each batch is split over the replicas of `parallel` (`accumulateGradients(of:…)`).
    private func trainEpoch(_ parallel: DataParallel<Transformer>, _ optimizer: Adam, _ batches: [PairBatch], epoch: Int,
                            progress: inout TrainingProgress) throws -> (Double, Double, Int, Double) {
        let model = parallel.model
        let bar = showProgress ? ProgressReporter(total: batches.count, label: "epoch \(epoch)") : nil
        var total = 0.0, tokens = 0, flops = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for (index, batch) in batches.enumerated() {
            optimizer.zeroGrad()
            let step = try parallel.accumulateGradients(of: batch, architecture: config.model.architecture)
            let value = step.loss
            guard value.isFinite else {
                throw TrainingError.diverged(epoch: epoch, step: index + 1, loss: value,
                                             checkpoint: runDirectory.appendingPathComponent(RunFiles.checkpoint).path)
            }
            if let maxNorm = config.gradientClipNorm { clipGradientNorm(model.parameters, maxNorm: maxNorm) }
            optimizer.step()
            total += Double(value)
            tokens += step.positions
            flops += Double(batch.count) * config.model.trainingFlops(sourceLength: batch.sourceLength, targetLength: batch.targetLength)
            progress.iterations += 1
            if index % 8 == 0 || index == batches.count - 1 { bar?.update(index + 1, status: String(format: "loss %.4f", value)) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        bar?.finish(String(format: "trained in %.2f s", seconds))
        return (total / Double(max(batches.count, 1)), seconds, tokens, flops)
    }

    /// (mean validation batch loss, exact-match word accuracy of greedy translations).
    private func evaluate(_ model: Transformer, _ batches: [PairBatch], _ validation: PairDataset) throws -> (Double, Double) {
        try withNoGrad {
            var total = 0.0
            for batch in batches {
                let inputs = try TransformerInputs(architecture: config.model.architecture, sources: batch.sources, targets: batch.targets)
                total += Double(try model.loss(inputs).item())
            }
            let outputs = try model.greedyDecode(sources: validation.encoded.map(\.source))
            var correct = 0
            for (output, pair) in zip(outputs, validation.encoded) where Array(output.prefix(while: { $0 != Vocabulary.endOfSequence })) == pair.target {
                correct += 1
            }
            return (total / Double(max(batches.count, 1)), Double(correct) / Double(max(validation.count, 1)))
        }
    }

    /// Every training and validation sequence must fit the model's positional table.
    private func checkLengths(_ sets: PairDataset...) throws {
        for set in sets {
            for pair in set.encoded {
                let length = config.model.architecture == .encoderDecoder
                    ? max(pair.source.count + 1, pair.target.count + 1, Transformer.defaultMaxOutputLength)
                    : pair.source.count + pair.target.count + 2
                guard length <= config.model.maxLength else {
                    throw TrainingError.invalidConfiguration(
                        "\(set.name) has a pair of length \(length) (source \(pair.source.count), target \(pair.target.count)) but the model's maxLength is \(config.model.maxLength)")
                }
            }
        }
    }
}
