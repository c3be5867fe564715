// A fine-tuning run folder's kept classifier, for evaluation and prediction.
import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerTensor

/// The kept checkpoint of a `FineTuner` run with its tokenizer, configuration and split.
///
/// ```swift
/// let run = try FineTunedClassifier(runDirectory: URL(fileURLWithPath: "runs/minilm"))
/// let report = try run.classify(["eight minus ten"])   // predictions[0].predicted == 0 (negative)
/// ```
public struct FineTunedClassifier {
    public let config: FineTuneConfig
    public let classifier: BertClassifier
    public let tokenizer: WordPieceTokenizer
    public let split: ArithmeticSplit
    /// Runs the classifier's inference over the data-parallel replicas.
    public let parallel: DataParallel<BertClassifier>

    /// Loads `finetune.json`, `bert_config.json`, the tokenizer, `split.json` and the kept
    /// checkpoint of `runDirectory` (for a frozen run, the encoder from the run's model folder and
    /// the head from the checkpoint). The classifier is in evaluation mode.
    /// - Throws: `TrainingError.missingRun` when the folder holds no finished run,
    ///   `BertError`/`ModuleError`/`TokenizerError` naming the file at fault.
    public init(runDirectory: URL) throws {
        func file(_ name: String) -> URL { runDirectory.appendingPathComponent(name) }
        for name in [FineTuneFiles.config, FineTuneFiles.modelConfig, FineTuneFiles.checkpoint, FineTuneFiles.split] {
            guard FileManager.default.fileExists(atPath: file(name).path) else {
                throw TrainingError.missingRun(path: file(name).path,
                                               reason: "not a fine-tuning run with a kept checkpoint (train one with `bert finetune --out \(runDirectory.path)`)")
            }
        }
        config = try JSONFile.read(FineTuneConfig.self, from: file(FineTuneFiles.config))
        split = try JSONFile.read(ArithmeticSplit.self, from: file(FineTuneFiles.split))
        let modelConfig = try BertConfig.read(from: file(FineTuneFiles.modelConfig))
        let labels = modelConfig.labels ?? VerbalArithmetic.labels
        tokenizer = try WordPieceTokenizer(modelDirectory: runDirectory)
        let weights = try SafeTensorsFile(contentsOf: file(FineTuneFiles.checkpoint))
        if config.mode == .frozen {
            let source = try BertFolder(URL(fileURLWithPath: config.model))
            let bert = try source.loadModel(pooler: config.pooling == .pooler, initializingMissingPooler: true,
                                            dropout: config.dropout, seed: config.seed).model
            guard bert.config.withDropout(0).unlabelled == modelConfig.withDropout(0).unlabelled else {
                throw BertError.invalidArgument("\(source.url.path) no longer holds the encoder this frozen run was trained on (its config.json differs from \(file(FineTuneFiles.modelConfig).path))")
            }
            classifier = try BertClassifier(bert: bert, labels: labels, pooling: config.pooling)
            try classifier.loadHuggingFace(weights, headOnly: true)
        } else {
            classifier = try BertClassifier(config: modelConfig, labels: labels, pooling: config.pooling)
            try classifier.loadHuggingFace(weights)
        }
        classifier.eval()
        parallel = try DataParallel(classifier)
    }

    /// Predictions (and, with `labels`, accuracy, loss and confusion) for `texts`, in batches of
    /// `batchSize`.
    /// - Throws: `TokenizerError`, `BertError.invalidInput` (a text longer than the model allows).
    public func classify(_ texts: [String], labels: [Int]? = nil, batchSize: Int = 32) throws -> ClassificationReport {
        var logits: [[Float]] = []
        for start in stride(from: 0, to: texts.count, by: max(batchSize, 1)) {
            let chunk = Array(texts[start..<min(start + batchSize, texts.count)])
            let encodings = try chunk.map { try tokenizer.encode($0, maxLength: classifier.config.maxPositions) }
            logits += try parallel.logits(BertInputs(padding: encodings, paddingID: tokenizer.paddingID))
        }
        return ClassificationReport(texts: texts, labels: labels, logits: logits, classes: classifier.labels.count)
    }

    /// The kept checkpoint on the run's test set.
    public func evaluateTestSet() throws -> ClassificationReport {
        try classify(split.test.map(\.text), labels: split.test.map(\.label), batchSize: 64)
    }
}

extension BertConfig {
    /// The architecture alone: without labels and architectures.
    var unlabelled: BertConfig {
        var copy = self
        copy.labels = nil
        copy.architectures = nil
        return copy
    }
}
