// Fine-tuning a BertClassifier on the verbal-arithmetic task with the library's TrainingLoop.
import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// What a fine-tuning run achieved.
public struct FineTuneSummary: Sendable {
    /// One record per epoch (`val_loss`, `val_acc`).
    public var records: [MetricsRecord]
    /// The kept epoch and its validation accuracy.
    public var bestEpoch: Int
    public var bestValidationAccuracy: Double
    /// The kept checkpoint on the test set.
    public var test: ClassificationReport
    /// Mean seconds of an epoch's training steps.
    public var meanEpochSeconds: Double
}

/// Fine-tunes a Hugging Face BERT folder on the 800 verbal-arithmetic expressions
/// (`FineTuneConfig`: mode, epochs, rate, seed), through `TrainingLoop` with every step split over
/// the data-parallel replicas (`DataParallel`), then scores the kept checkpoint on the test set.
///
/// The run folder (`FineTuneFiles`): `finetune.json`, `bert_config.json`, the tokenizer files,
/// `split.json`, `metrics.csv`, `checkpoint.safetensors` (best validation accuracy; Hugging
/// Face names; the head alone when frozen), `last.safetensors` (resume), `test.json`. A new run
/// refuses a folder holding files unless asked to overwrite it; a resumed run continues exactly.
/// Numbers are reproducible for a given `TINYFORMER_NUM_THREADS` (the replica split).
public final class FineTuner {
    public let config: FineTuneConfig
    public let runDirectory: URL
    /// One line per epoch and notices (standard output by default).
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    /// A progress bar during each epoch (on by default when standard output is a terminal).
    public var showProgress = isatty(STDOUT_FILENO) == 1

    public init(config: FineTuneConfig, runDirectory: URL) throws {
        try config.validate()
        self.config = config
        self.runDirectory = runDirectory
    }

    /// Trains, keeps the best epoch, scores it on the test set (`test.json`).
    /// - Throws: `RunFolderError` for a folder that is not this run's to use, `BertError` /
    ///   `ModuleError` / `TokenizerError` for the model folder, `TrainingError` for divergence or
    ///   a foreign resume state.
    @discardableResult
    public func run(resume: Bool = false, overwrite: Bool = false) throws -> FineTuneSummary {
        let config = self.config
        let source = try BertFolder(URL(fileURLWithPath: config.model))
        let tokenizer = try source.tokenizer()
        let split = try ArithmeticSplit(seed: config.seed, testCount: config.testCount,
                                        validationFraction: config.validationFraction)
        let folder = try RunFolder(runDirectory, mode: resume ? .resume : overwrite ? .overwrite : .new,
                                   marker: FineTuneFiles.config)
        let classifier = try makeClassifier(source)
        if !resume { try writeRunFiles(folder, source: source, classifier: classifier, split: split) }

        func encoded(_ examples: [ArithmeticExample]) throws -> [LabelledText] {
            try LabelledText.encode(examples.map { ($0.text, $0.label) }, with: tokenizer)
        }
        let train = try encoded(split.train), validation = try encoded(split.validation)
        let batches = try ShuffledBatches(examples: train, batchSize: config.batchSize, seed: config.seed ^ 0x6261_7463,
                                          paddingID: tokenizer.paddingID)
        let validationBatches = try ShuffledBatches.inOrder(validation, batchSize: 64, paddingID: tokenizer.paddingID)
        let parallel = try DataParallel(classifier)
        let optimizer = try Adam.adamW(groups: classifier.weightDecayGroups(weightDecay: config.weightDecay),
                                       learningRate: config.learningRate)
        let (total, warmup) = config.steps(batchesPerEpoch: batches.count)
        let schedule = LearningRateSchedule.linearWarmupDecay(peak: config.learningRate, warmupSteps: warmup, totalSteps: total)

        let loop = TrainingLoop<BertClassifier, LabelledBatch>(
            model: classifier, optimizer: optimizer, length: .epochs(config.epochs),
            metrics: [MetricColumn("val_loss", label: "val"), MetricColumn("val_acc", label: "acc", format: "%.3f")],
            folder: folder)
        loop.selection = CheckpointSelection(metric: "val_acc", goal: .maximize, tieBreaker: "val_loss", tieBreakerGoal: .minimize)
        loop.gradientClipNorm = config.gradientClipNorm
        loop.recordsPhaseSeconds = true
        loop.identity = try Self.identity(config, split)
        loop.log = log
        loop.showProgress = showProgress
        loop.learningRate = { _, step in schedule.rate(at: step) }
        loop.onEpochStart = { epoch in
            // Dropout masks depend only on (seed, epoch, replica), so a resumed run repeats them.
            for (r, replica) in parallel.replicas.enumerated() {
                replica.seedDropout(SeededGenerator.streamSeed(config.seed ^ 0xD509_0D09 ^ (UInt64(r) << 32), epoch))
            }
        }
        loop.batches = { epoch in try batches.batches(epoch: epoch) }
        let trainsEncoder = config.mode != .frozen
        loop.step = { batch in
            let (loss, forwardSeconds) = try parallel.timedAccumulateGradients(of: batch)
            let tokens = batch.inputs.rowLengths.reduce(0, +)
            let forward = classifier.config.forwardFlops(rows: batch.count, length: batch.inputs.length)
            return StepResult(loss: loss, tokens: tokens, flops: trainsEncoder ? 3 * forward : forward, forwardSeconds: forwardSeconds)
        }
        loop.evaluate = { _ in
            let report = try Self.report(parallel, validationBatches)
            return ["val_loss": report.loss, "val_acc": report.accuracy]
        }
        let headOnly = config.mode == .frozen
        loop.checkpointState = { classifier.huggingFaceStateDict(headOnly: headOnly) }

        log("\(config.mode.rawValue): \(train.count) training / \(validation.count) validation / \(split.test.count) test expressions, "
            + "\(batches.count) batches of \(config.batchSize) per epoch, \(total) steps (\(warmup) warmup), "
            + "\(classifier.trainableParameters.reduce(0) { $0 + $1.count }) of \(classifier.parameterCount) parameters trained, "
            + "\(parallel.replicas.count) data-parallel replica\(parallel.replicas.count == 1 ? "" : "s")")
        let history = try loop.run(resume: resume)

        // Score the kept checkpoint on the test set.
        try classifier.loadHuggingFace(SafeTensorsFile(contentsOf: folder.file(FineTuneFiles.checkpoint)), headOnly: headOnly)
        classifier.eval()
        let test = try Self.report(parallel, try ShuffledBatches.inOrder(try encoded(split.test), batchSize: 64,
                                                                         paddingID: tokenizer.paddingID))
        try JSONFile.write(test, to: folder.file(FineTuneFiles.test))
        log(String(format: "kept epoch %d (val acc %.3f); test accuracy %.4f (%d of %d)", history.bestEpoch,
                   history.bestValues["val_acc"] ?? 0, test.accuracy, Int((test.accuracy * Double(split.test.count)).rounded()),
                   split.test.count))
        return FineTuneSummary(records: history.records, bestEpoch: history.bestEpoch,
                               bestValidationAccuracy: history.bestValues["val_acc"] ?? 0, test: test,
                               meanEpochSeconds: history.meanEpochSeconds)
    }

    /// The classifier the mode starts from.
    private func makeClassifier(_ source: BertFolder) throws -> BertClassifier {
        let labels = VerbalArithmetic.labels
        switch config.mode {
        case .finetune, .frozen:
            let (bert, report) = try source.loadModel(pooler: config.pooling == .pooler, initializingMissingPooler: true,
                                                      dropout: config.dropout, seed: config.seed)
            if !report.initialized.isEmpty {
                log("note: \(source.url.path) has no \(report.initialized.joined(separator: ", ")); initialised as transformers does")
            }
            let classifier = try BertClassifier(bert: bert, labels: labels, pooling: config.pooling, seed: config.seed ^ 0x6865_6164)
            if config.mode == .frozen { classifier.bert.freeze() }
            return classifier
        case .randomInit:
            let architecture = config.dropout.map { source.config.withDropout($0) } ?? source.config
            return try BertClassifier(config: architecture, labels: labels, pooling: config.pooling, seed: config.seed)
        }
    }

    /// The files a new run writes before training: its configuration, the classifier's
    /// `BertConfig`, the tokenizer and the split.
    private func writeRunFiles(_ folder: RunFolder, source: BertFolder, classifier: BertClassifier,
                               split: ArithmeticSplit) throws {
        try JSONFile.write(config, to: folder.file(FineTuneFiles.config))
        var modelConfig = classifier.config
        modelConfig.labels = classifier.labels
        modelConfig.architectures = ["BertForSequenceClassification"]
        try JSONFile.write(modelConfig, to: folder.file(FineTuneFiles.modelConfig))
        for name in FineTuneFiles.tokenizer where FileManager.default.fileExists(atPath: source.url.appendingPathComponent(name).path) {
            try AtomicFile.write(try Data(contentsOf: source.url.appendingPathComponent(name)), to: folder.file(name))
        }
        try JSONFile.write(split, to: folder.file(FineTuneFiles.split))
    }

    /// Accuracy, loss and confusion of the classifier (in its current mode) on `batches`.
    static func report(_ parallel: DataParallel<BertClassifier>, _ batches: [LabelledBatch]) throws -> ClassificationReport {
        var logits: [[Float]] = [], texts: [String] = [], labels: [Int] = []
        for batch in batches {
            logits += try parallel.logits(batch.inputs)
            texts += batch.texts
            labels += batch.labels
        }
        return ClassificationReport(texts: texts, labels: labels, logits: logits, classes: parallel.model.labels.count)
    }

    /// The run's identity: its whole configuration (the epoch count sets the schedule) and its split.
    private static func identity(_ config: FineTuneConfig, _ split: ArithmeticSplit) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return RunFolder.identity(of: [Array(try encoder.encode(config)), Array(try encoder.encode(split))])
    }
}
