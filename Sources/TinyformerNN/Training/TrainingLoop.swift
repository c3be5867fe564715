import Foundation
import TinyformerIO
import TinyformerTensor

/// What one training step reports: the batch's loss (its gradients are already accumulated into
/// the model's), the positions trained, the step's FLOPs and, when the step timed it, the wall
/// time of its forward pass (the loop counts the rest of the step as backward).
public struct StepResult: Sendable, Equatable {
    public var loss: Float
    public var tokens: Int
    public var flops: Double
    public var forwardSeconds: Double?

    public init(loss: Float, tokens: Int = 0, flops: Double = 0, forwardSeconds: Double? = nil) {
        self.loss = loss
        self.tokens = tokens
        self.flops = flops
        self.forwardSeconds = forwardSeconds
    }
}

/// The file names a `TrainingLoop` writes in its run folder.
public enum TrainingFiles {
    /// One row per evaluation (`MetricsRecord.columns`).
    public static let metrics = "metrics.csv"
    /// The kept model (best by the loop's `selection`).
    public static let checkpoint = "checkpoint.safetensors"
    /// The latest evaluation's model, optimizer state and progress, for resuming.
    public static let resumeState = "last.safetensors"
}

/// The training loop every model of the library uses (`model.train()` → per step: zero the
/// gradients, `step(batch)` computes the loss and its gradients, divergence check, gradient
/// clipping, optimizer step → per evaluation: `model.eval()`, `evaluate`, one row of
/// `metrics.csv`, the kept checkpoint, early stopping, the resume state), with the model, data
/// and loss supplied by the caller:
///
///     let loop = TrainingLoop(model: model, optimizer: adam, length: .epochs(10),
///                             metrics: [MetricColumn("val_loss")], folder: folder)
///     loop.batches = { epoch in batcher.batches(epoch: epoch) }
///     loop.step = { batch in
///         let loss = try model.loss(batch)
///         try loss.backward()
///         return StepResult(loss: try loss.item(), tokens: batch.tokens)
///     }
///     loop.evaluate = { _ in ["val_loss": try validationLoss()] }
///     let history = try loop.run()
///
/// Run folder files (all written atomically): `metrics.csv`, the kept model
/// `checkpoint.safetensors` (best by `selection`), and the resume state `last.safetensors`
/// (model, optimizer state and `TrainingProgress`, tagged with `identity`) from which
/// `run(resume: true)` continues with the same numbers as an uninterrupted run, provided the
/// batch source and `onEpochStart` are deterministic functions of their epoch.
public final class TrainingLoop<Model: Module, Batch> {
    public let model: Model
    public let optimizer: Optimizer
    public let length: TrainingLength
    public let metrics: [MetricColumn]
    /// Where files go; nil writes nothing (no checkpoints, no resume).
    public let folder: RunFolder?

    /// The batches of the batch source's epoch `epoch` (0-based), in training order.
    public var batches: (_ epoch: Int) throws -> [Batch] = { _ in [] }
    /// Computes one batch's loss and adds its gradients into the model's (e.g. `backward()`, or
    /// `DataParallel.run`).
    public var step: (_ batch: Batch) throws -> StepResult = { _ in StepResult(loss: .nan) }
    /// The metrics of evaluation `epoch` (0-based), by column name; runs in evaluation mode.
    public var evaluate: (_ epoch: Int) throws -> [String: Double] = { _ in [:] }
    /// The learning rate of each step from the evaluation period (0-based) and the step count so
    /// far; default: the optimizer's rate, unchanged.
    public var learningRate: ((_ epoch: Int, _ step: Int) -> Float)?
    /// Called before each evaluation period's first step, with its 0-based number: reseed dropout
    /// here (`model.seedDropout`) so that a resumed run repeats its masks.
    public var onEpochStart: (_ epoch: Int) throws -> Void = { _ in }
    /// Writes files that belong with a newly kept checkpoint (its configuration, vocabulary)
    /// before the weights are written.
    public var onCheckpoint: (_ folder: RunFolder, _ epoch: Int) throws -> Void = { _, _ in }
    /// What the kept checkpoint holds; default `model.stateDict()` (a frozen encoder's classifier
    /// may keep only its head).
    public var checkpointState: () -> [String: SafeTensorsEntry]
    /// Extra metadata written into the kept checkpoint and the resume state, e.g. the model's
    /// architecture as JSON, so that a loader can check a separate configuration file against
    /// the weights it belongs to.
    public var checkpointMetadata: [String: String] = [:]
    /// Called once a resumed run's state has been checked and loaded, before training goes on
    /// (e.g. to record a changed epoch count in the run's configuration file).
    public var onResume: (_ progress: TrainingProgress) throws -> Void = { _ in }

    /// Picks the kept checkpoint; nil keeps none.
    public var selection: CheckpointSelection?
    /// Stop after this many evaluations without a better `selection` metric.
    public var patience: Int?
    /// Rescale gradients to this global L2 norm before each step (`clip_grad_norm_`).
    public var gradientClipNorm: Float?
    /// A step whose loss exceeds this factor times the run's first loss counts as divergence
    /// (as does a NaN or infinite loss); nil: only non-finite losses. Default 10⁴: a
    /// cross-entropy that starts near log V and grows ten-thousandfold has blown up.
    public var divergenceFactor: Double? = 1e4
    /// Names the run's configuration and data (a hash): written into the resume state, which a
    /// resumed run must match.
    public var identity: String = ""
    /// One line per evaluation and notices (standard output by default).
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    /// A progress bar during each period; on by default when standard output is a terminal.
    public var showProgress = isatty(STDOUT_FILENO) == 1
    /// Adds `forward_s, backward_s, optimizer_s` to `metrics.csv` (`PhaseSeconds`): forward is
    /// what the steps report as `StepResult.forwardSeconds`, backward the rest of the step
    /// closures, optimizer the gradient clipping and update. Off by default; a resumed run keeps
    /// the columns its `metrics.csv` started with.
    public var recordsPhaseSeconds = false

    public init(model: Model, optimizer: Optimizer, length: TrainingLength, metrics: [MetricColumn] = [],
                folder: RunFolder? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.length = length
        self.metrics = metrics
        self.folder = folder
        checkpointState = { model.stateDict() }
    }

    /// Number of evaluations the run makes.
    public var plannedEpochs: Int {
        switch length {
        case let .epochs(n): return n
        case let .steps(n, every): return every > 0 ? (n + every - 1) / every : 0
        }
    }

    /// Trains; with `resume`, continues from the folder's resume state (or starts from the first
    /// epoch when the folder has none yet: the interrupted run finished no epoch).
    /// - Throws: `TrainingError` (divergence, a corrupt or foreign resume state), and whatever
    ///   the closures throw.
    @discardableResult
    public func run(resume: Bool = false) throws -> TrainingHistory {
        try validate()
        var progress = TrainingProgress()
        var phases = recordsPhaseSeconds
        var csv = folder.map { CSVLog(url: $0.file(TrainingFiles.metrics), columns: MetricsRecord.columns(metrics, phases: phases)) }
        if resume, let folder, !folder.contains(TrainingFiles.resumeState) {
            // Stopped before its first evaluation finished: nothing was kept, so the run starts
            // over (a kill -9 during epoch 1 must not leave a folder that can neither be resumed
            // nor started anew without --overwrite).
            log("no epoch of \(folder.url.path) had finished; starting from the first")
            try csv?.save()
            try onResume(progress)
        } else if resume {
            guard let folder else { throw TrainingError.invalidConfiguration("resume needs a run folder") }
            progress = try loadResumeState(from: folder)
            try onResume(progress)
            var reopened = try MetricsRecord.openLog(folder.file(TrainingFiles.metrics), metrics: metrics)
            phases = reopened.columns == MetricsRecord.columns(metrics, phases: true)  // keep the run's own header
            guard reopened.rows.count >= progress.epochsDone else {
                throw TrainingError.corruptCheckpoint(path: folder.file(TrainingFiles.metrics).path,
                                                      reason: "\(reopened.rows.count) rows, but the resume state has \(progress.epochsDone) epochs done")
            }
            try reopened.keepFirst(progress.epochsDone)
            csv = reopened
            log("resuming \(folder.url.path) after epoch \(progress.epochsDone)")
        } else {
            try csv?.save()
        }
        var records = try csv.map { try MetricsRecord.records(of: $0, metrics: metrics) } ?? []
        if progress.epochsDone >= plannedEpochs, resume {
            log("already done: \(progress.epochsDone) epoch\(progress.epochsDone == 1 ? "" : "s") trained, \(plannedEpochs) planned; nothing to train")
        }

        var stoppedEarly = false
        while progress.epochsDone < plannedEpochs {
            if let patience, progress.epochsWithoutImprovement >= patience {
                stoppedEarly = true
                break
            }
            let epoch = progress.epochsDone
            try onEpochStart(epoch)
            model.train()
            let trained = try trainPeriod(epoch, &progress)
            model.eval()
            let values = try withNoGrad { try evaluate(epoch) }
            progress.epochsDone += 1
            let record = MetricsRecord(epoch: epoch + 1, trainLoss: trained.loss, values: values, seconds: trained.seconds,
                                       tokensPerSecond: Double(trained.tokens) / max(trained.seconds, 1e-9),
                                       learningRate: optimizer.learningRate, iterations: progress.steps, flops: progress.flops,
                                       phases: phases ? trained.phases : nil)
            records.append(record)
            try csv?.append(record.csvFields(metrics))
            var note = ""
            if let selection, selection.improves(values, over: progress.bestValues) {
                progress.bestValues = values
                progress.bestEpoch = epoch + 1
                progress.epochsWithoutImprovement = 0
                try saveCheckpoint(epoch: epoch + 1, values: values)
                note = " (best)"
            } else {
                progress.epochsWithoutImprovement += 1
            }
            try saveResumeState(progress)
            log(logLine(record, gflops: trained.flops / max(trained.seconds, 1e-9) / 1e9) + note)
        }
        return TrainingHistory(records: records, bestEpoch: progress.bestEpoch, bestValues: progress.bestValues ?? [:],
                               stoppedEarly: stoppedEarly)
    }

    /// One evaluation period's steps: (mean loss, seconds, tokens, FLOPs, time by phase).
    private func trainPeriod(_ epoch: Int, _ progress: inout TrainingProgress) throws
        -> (loss: Double, seconds: Double, tokens: Int, flops: Double, phases: PhaseSeconds) {
        let stepsInPeriod: Int?  // nil: to the end of the source's epoch
        switch length {
        case .epochs: stepsInPeriod = nil
        case let .steps(total, every): stepsInPeriod = min(every, total - progress.steps)
        }
        var batches = try self.batches(progress.sourceEpoch)
        let expected = stepsInPeriod ?? max(batches.count - progress.batchIndex, 0)
        let bar = showProgress ? ProgressReporter(total: expected, label: "epoch \(epoch + 1)") : nil
        var total = 0.0, tokens = 0, flops = 0.0, taken = 0
        var phases = PhaseSeconds(forward: 0, backward: 0, optimizer: 0)
        func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let start = DispatchTime.now().uptimeNanoseconds
        while stepsInPeriod.map({ taken < $0 }) ?? (progress.batchIndex < batches.count) {
            if progress.batchIndex >= batches.count {  // the next epoch of the source (step budgets)
                progress.sourceEpoch += 1
                progress.batchIndex = 0
                batches = try self.batches(progress.sourceEpoch)
                guard !batches.isEmpty else {
                    throw TrainingError.invalidConfiguration("the batch source gave no batches for epoch \(progress.sourceEpoch)")
                }
            }
            if let learningRate { optimizer.learningRate = learningRate(epoch, progress.steps) }
            optimizer.zeroGrad()
            let stepStart = DispatchTime.now().uptimeNanoseconds
            let result = try step(batches[progress.batchIndex])
            let stepSeconds = seconds(since: stepStart)
            let forward = min(result.forwardSeconds ?? 0, stepSeconds)
            phases.forward += forward
            phases.backward += stepSeconds - forward
            try checkDivergence(result.loss, epoch: epoch + 1, step: taken + 1, progress: &progress)
            let updateStart = DispatchTime.now().uptimeNanoseconds
            if let gradientClipNorm {
                let norm = gradientNorm(optimizer.parameters)
                optimizer.step(scalingGradientsBy: gradientClipFactor(norm: norm, maxNorm: gradientClipNorm))
            } else {
                optimizer.step()
            }
            phases.optimizer += seconds(since: updateStart)
            total += Double(result.loss)
            tokens += result.tokens
            flops += result.flops
            progress.flops += result.flops
            progress.steps += 1
            progress.batchIndex += 1
            taken += 1
            if taken % 8 == 1 || taken == expected { bar?.update(taken, status: String(format: "loss %.4f", result.loss)) }
        }
        if stepsInPeriod == nil {  // an epoch-length period ends its source epoch
            progress.sourceEpoch += 1
            progress.batchIndex = 0
        }
        let elapsed = seconds(since: start)
        bar?.finish(String(format: "trained in %.2f s", elapsed))
        return (total / Double(max(taken, 1)), elapsed, tokens, flops, phases)
    }

    private func checkDivergence(_ loss: Float, epoch: Int, step: Int, progress: inout TrainingProgress) throws {
        var checkpoint: String? {
            folder.flatMap { $0.contains(TrainingFiles.checkpoint) ? $0.file(TrainingFiles.checkpoint).path : nil }
        }
        guard loss.isFinite else {
            throw TrainingError.diverged(epoch: epoch, step: step, loss: loss, reason: "not a finite number", checkpoint: checkpoint)
        }
        guard let first = progress.firstLoss else {
            progress.firstLoss = Double(loss)
            return
        }
        if let factor = divergenceFactor, Double(loss) > factor * max(abs(first), 1e-3) {
            throw TrainingError.diverged(epoch: epoch, step: step, loss: loss,
                                         reason: String(format: "more than %g × the first loss %.4g", factor, first),
                                         checkpoint: checkpoint)
        }
    }

    private func logLine(_ record: MetricsRecord, gflops: Double) -> String {
        var line = String(format: "epoch %3d  train %.4f", record.epoch, record.trainLoss)
        for column in metrics {
            line += "  \(column.label) " + String(format: column.format, record.values[column.name] ?? .nan)
        }
        return line + String(format: "  %.2f s  %.0f tok/s  %.0f GFLOP/s", record.seconds, record.tokensPerSecond, gflops)
    }

    private func validate() throws {
        func fail(_ message: String) -> TrainingError { .invalidConfiguration(message) }
        switch length {
        case let .epochs(n): guard n >= 1 else { throw fail("epochs must be ≥ 1, got \(n)") }
        case let .steps(n, every): guard n >= 1, every >= 1 else { throw fail("steps and evaluateEvery must be ≥ 1, got \(n), \(every)") }
        }
        if let patience, patience < 1 { throw fail("patience must be ≥ 1, got \(patience)") }
        if let gradientClipNorm, !(gradientClipNorm > 0 && gradientClipNorm.isFinite) {
            throw fail("gradient clip norm must be positive, got \(gradientClipNorm)")
        }
        if let divergenceFactor, !(divergenceFactor > 1) { throw fail("divergence factor must be > 1, got \(divergenceFactor)") }
    }
}
