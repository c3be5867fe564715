// Masked-language-model pretraining of a small BERT on one corpus, written as a Hugging Face folder.
import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// What a pretraining run achieved.
public struct PretrainSummary: Sendable {
    /// One record per evaluation (`val_loss`: masked-LM loss, `val_acc`: masked-token accuracy).
    public var records: [MetricsRecord]
    /// Training tokens per step and chunks of the corpus.
    public var corpusTokens: Int
    public var chunks: Int
    public var meanPeriodSeconds: Double
}

/// Pretrains `BertForMaskedLM` from transformers' random initialisation on a corpus
/// (`PretrainConfig`), through `TrainingLoop` with a step budget and data-parallel steps, and
/// writes the run folder as a Hugging Face model folder: `config.json`, `model.safetensors` (the
/// final weights, `BertForMaskedLM` names), the tokenizer files, plus `pretrain.json`,
/// `metrics.csv`, `checkpoint.safetensors` (best validation loss), `last.safetensors` (resume)
/// and, for the generated corpus, `corpus.txt`. `--model` and transformers' `from_pretrained`
/// load the folder.
public final class Pretrainer {
    public let config: PretrainConfig
    public let runDirectory: URL
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    public var showProgress = isatty(STDOUT_FILENO) == 1

    public init(config: PretrainConfig, runDirectory: URL) throws {
        try config.validate()
        self.config = config
        self.runDirectory = runDirectory
    }

    /// Pretrains (or resumes) and writes the model folder.
    /// - Throws: `RunFolderError`, `BertError` (corpus, tokenizer), `TrainingError`.
    @discardableResult
    public func run(resume: Bool = false, overwrite: Bool = false) throws -> PretrainSummary {
        let config = self.config
        let tokenizerFolder = URL(fileURLWithPath: config.tokenizer)
        let tokenizer = try BertFolder.tokenizer(at: tokenizerFolder)
        let folder = try RunFolder(runDirectory, mode: resume ? .resume : overwrite ? .overwrite : .new, marker: PretrainFiles.config)
        let corpus: PretrainingCorpus
        if config.corpus == PretrainConfig.arithmeticCorpus {
            let lines = ArithmeticCorpus.sentences(count: config.arithmeticSentences, seed: config.seed ^ 0x6D61_7468)
            corpus = try PretrainingCorpus(name: "arithmetic", lines: lines, tokenizer: tokenizer, maxLength: config.maxLength)
            if !resume { try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: folder.file(PretrainFiles.corpus)) }
        } else {
            corpus = try PretrainingCorpus(contentsOf: URL(fileURLWithPath: config.corpus), tokenizer: tokenizer, maxLength: config.maxLength)
        }
        if !resume { try JSONFile.write(config, to: folder.file(PretrainFiles.config)) }

        let (train, validation) = corpus.split(validationFraction: config.validationFraction, seed: config.seed ^ 0x7370_6C74)
        let validationBatches = try MaskedBatch.batches(validation, batchSize: config.batchSize, tokenizer: tokenizer,
                                                        masking: config.masking, seed: config.seed ^ 0x7661_6C6D)
        let model = try BertForMaskedLM(config: config.modelConfig(vocabularySize: tokenizer.vocabulary.count), seed: config.seed)
        let parallel = try DataParallel(model)
        let optimizer = try Adam.adamW(groups: model.weightDecayGroups(weightDecay: config.weightDecay), learningRate: config.learningRate)
        let warmup = Int(config.warmupFraction * Double(config.steps))
        let schedule = LearningRateSchedule.linearWarmupDecay(peak: config.learningRate, warmupSteps: warmup, totalSteps: config.steps)

        let loop = TrainingLoop<BertForMaskedLM, MaskedBatch>(
            model: model, optimizer: optimizer, length: .steps(config.steps, evaluateEvery: config.evaluateEvery),
            metrics: [MetricColumn("val_loss", label: "val"), MetricColumn("val_acc", label: "acc", format: "%.3f")], folder: folder)
        loop.selection = CheckpointSelection(metric: "val_loss", goal: .minimize)
        loop.gradientClipNorm = config.gradientClipNorm
        loop.identity = try Self.identity(config, corpus)
        loop.log = log
        loop.showProgress = showProgress
        loop.learningRate = { _, step in schedule.rate(at: step) }
        loop.onEpochStart = { period in
            for (r, replica) in parallel.replicas.enumerated() {
                replica.seedDropout(SeededGenerator.streamSeed(config.seed ^ 0xD509_0D09 ^ (UInt64(r) << 32), period))
            }
        }
        loop.batches = { epoch in
            var generator = SeededGenerator(seed: SeededGenerator.streamSeed(config.seed ^ 0x6261_7463, epoch))
            let order = generator.permutation(count: train.count).map { train[$0] }
            return try MaskedBatch.batches(order, batchSize: config.batchSize, tokenizer: tokenizer, masking: config.masking,
                                           seed: SeededGenerator.streamSeed(config.seed ^ 0x6D61_736B, epoch))
        }
        loop.step = { batch in
            let (loss, _) = try parallel.accumulateGradients(of: batch)
            let tokens = batch.inputs.rowLengths.reduce(0, +)
            return StepResult(loss: loss, tokens: tokens, flops: 3 * model.config.forwardFlops(rows: batch.inputs.batch, length: batch.inputs.length))
        }
        loop.evaluate = { _ in try Self.evaluate(model, validationBatches) }
        loop.checkpointState = { model.huggingFaceStateDict() }

        log("pretraining on \(corpus.name): \(corpus.tokenCount) tokens in \(corpus.chunks.count) chunks of ≤ \(config.maxLength - 2) "
            + "(\(train.count) training, \(validation.count) validation), \(model.parameterCount) parameters, \(config.steps) steps of "
            + "\(config.batchSize) (\(warmup) warmup), \(parallel.replicas.count) data-parallel replica\(parallel.replicas.count == 1 ? "" : "s")")
        let history = try loop.run(resume: resume)
        model.eval()
        try model.writeFolder(to: folder.url, tokenizerSource: tokenizerFolder)
        log("wrote the model folder \(folder.url.path) (config.json, model.safetensors, tokenizer files)")
        return PretrainSummary(records: history.records, corpusTokens: corpus.tokenCount, chunks: corpus.chunks.count,
                               meanPeriodSeconds: history.meanEpochSeconds)
    }

    /// Masked-LM loss (mean over scored positions) and masked-token accuracy on `batches`.
    static func evaluate(_ model: BertForMaskedLM, _ batches: [MaskedBatch]) throws -> [String: Double] {
        var loss = 0.0, correct = 0, scored = 0
        for batch in batches {
            guard let logits = try model.maskedLogits(batch.inputs, labels: batch.labels) else { continue }  // (N, V)
            let targets = batch.labels.filter { $0 != -100 }
            loss += Double(try logits.crossEntropy(targets: targets, ignoreIndex: nil).item()) * Double(targets.count)
            let predicted = try logits.argmax(axis: -1)
            correct += zip(predicted, targets).filter { $0 == $1 }.count
            scored += targets.count
        }
        return ["val_loss": loss / Double(max(scored, 1)), "val_acc": Double(correct) / Double(max(scored, 1))]
    }

    /// The run's identity: its configuration and its corpus.
    private static func identity(_ config: PretrainConfig, _ corpus: PretrainingCorpus) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tokens = corpus.chunks.flatMap { $0 }.flatMap { withUnsafeBytes(of: UInt32($0).littleEndian, Array.init) }
        return RunFolder.identity(of: [Array(try encoder.encode(config)), tokens])
    }
}
