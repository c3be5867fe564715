import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerNMT

extension TransformerConfig.Architecture: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "encdec", "encoder-decoder": self = .encoderDecoder
        case "decoder", "decoder-only": self = .decoderOnly
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["encdec", "decoder"] }
}

extension CheckpointMetric: ExpressibleByArgument {}

/// Settings are optional so that a resumed run can tell the flags given from the defaults: a
/// given flag that disagrees with the run's config.json is an error, not silently ignored.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model; writes config.json, metrics.csv and the best checkpoint to --out.")

    @Option(help: "encdec (encoder–decoder, the default) or decoder (decoder-only).")
    var arch: TransformerConfig.Architecture?
    @Option(help: "small (the default), large (the Pig Latin sets), or a path to a file of 'source target' lines (any characters; the vocabulary is built from them).")
    var data: String?
    @Option(help: "A vocabulary.json to encode --data with (default: the characters of --data; the Pig Latin vocabulary for small/large).")
    var vocabulary: String?
    @Option(name: .customLong("max-output-length"),
            help: "Longest greedy output when scoring validation accuracy (default: 20 for Pig Latin, else the longest target + 1).")
    var maxOutputLength: Int?
    @Option(help: "Hidden size h (default 32).") var hidden: Int?
    @Option(help: "Layers, encoder and decoder each (default 3).") var layers: Int?
    @Option(help: "Attention heads (default 1, the course's).") var heads: Int?
    @Flag(help: "Pre-LayerNorm blocks with a final LayerNorm (off in the course).") var preLayerNorm = false
    @Option(help: "MLP width multiplier; > 1 uses GELU (default 1 with ReLU, the course's).") var mlpMultiplier: Int?
    @Flag(help: "Add the attention output projection W_o (off in the course).") var attentionOutputProjection = false
    @Option(help: "Dropout probability (default 0, the course's).") var dropout: Float?
    @Option(name: .customLong("batch-size"), help: "Pairs per batch (default 64).") var batchSize: Int?
    @Option(help: "Epochs (default 100; at most 20 with --quick). With --resume: the new total (fewer than done: nothing to train).")
    var epochs: Int?
    @Option(help: "Adam learning rate (default 5e-4, the course's; 2e-3 with --quick).") var lr: Float?
    @Option(name: .customLong("lr-decay"), help: "Multiplier applied to the lr at the start of each epoch (default 0.99).") var lrDecay: Float?
    @Option(help: "Stop after this many epochs without a better --keep-best metric.") var patience: Int?
    @Option(name: .customLong("keep-best"),
            help: "What picks the kept checkpoint (and counts for --patience): loss (lowest validation loss, the course's and the default) or accuracy (highest validation word accuracy; ties: lower loss).")
    var keepBest: CheckpointMetric?
    @Option(help: "Clip gradients to this global L2 norm before each step (off in the course; 1 with --quick).") var clip: Float?
    @Option(help: "Seed for weights, split, batch order and dropout (default 0).") var seed: UInt64?
    @Flag(help: "Keep the course's fixed batch order instead of reshuffling every epoch.") var fixedOrder = false
    @Option(help: "Run folder (a new run needs it empty or absent).") var out: String
    @Flag(help: "The demo's short run: at most 20 epochs, lr 2e-3 and gradient clipping 1 unless given (enough for h64/large to learn the test sentence).") var quick = false
    @Flag(help: "Continue the run in --out from its last completed epoch with its config.json; other flags must agree with it, except --epochs.")
    var resume = false
    @Flag(help: "Replace the run in --out (a new run refuses a folder that already holds files; only a run folder is replaced).")
    var overwrite = false

    func run() throws {
        guard !(resume && overwrite) else { throw CLIError.usage("--resume and --overwrite exclude each other") }
        let runDirectory = try PathFlag.outputFolder(out, flag: "--out")
        let dataName = try data.map(Self.resolveData)
        let vocabularyPath = try vocabulary.map { try PathFlag.inputFile($0, flag: "--vocabulary").path }
        var config: TrainingConfig
        if resume {
            config = try TrainingConfig.load(runDirectory: runDirectory)
            let conflicts = resumeConflicts(config, data: dataName, vocabulary: vocabularyPath)
            guard conflicts.isEmpty else {
                throw CLIError.usage(
                    "--resume continues the run in \(out) with its own configuration, and these flags disagree with its config.json: \(conflicts.joined(separator: "; ")). Drop them (only --epochs may change), or start a new run in another folder or with --overwrite")
            }
            if let requested = requestedEpochs { config.epochs = requested }
        } else {
            let seed = self.seed ?? 0, multiplier = mlpMultiplier ?? 1
            let model = TransformerConfig(architecture: arch ?? .encoderDecoder, hiddenSize: hidden ?? 32, layers: layers ?? 3,
                                          heads: heads ?? 1, preLayerNorm: preLayerNorm, mlpMultiplier: multiplier,
                                          activation: multiplier > 1 ? .gelu : .relu,
                                          attentionOutputProjection: attentionOutputProjection, dropout: dropout ?? 0, seed: seed)
            config = TrainingConfig(model: model, data: dataName ?? "small", batchSize: batchSize ?? 64,
                                    epochs: requestedEpochs ?? 100, learningRate: requestedLearningRate ?? 5e-4,
                                    learningRateDecay: lrDecay ?? 0.99, patience: patience, seed: seed, shuffleBatches: !fixedOrder,
                                    gradientClipNorm: requestedClip, checkpointMetric: keepBest ?? .validationLoss,
                                    vocabularyFile: vocabularyPath, maxOutputLength: maxOutputLength)
        }
        let trainer: Trainer
        do {
            trainer = try Trainer(config: config, runDirectory: runDirectory)
        } catch {
            // A new run's configuration comes from the flags; a resumed run's from its config.json.
            throw resume ? error : CLIError.usage("\(error)")
        }
        trainer.log = { Console.output($0) }
        let summary = try trainer.run(resume: resume, overwrite: overwrite)
        Console.output(String(format: "kept checkpoint: epoch %d, val loss %.4f, val word accuracy %.3f (best by %@); last val word accuracy %.3f; %.2f s per epoch",
                              summary.bestEpoch, summary.bestValidationLoss, summary.bestValidationWordAccuracy, config.checkpointMetric.rawValue,
                              summary.finalValidationWordAccuracy, summary.meanEpochSeconds))
    }

    /// The epoch count the flags ask for (nil: no --epochs and no --quick).
    private var requestedEpochs: Int? {
        if let epochs { return quick ? min(epochs, 20) : epochs }
        return quick ? 20 : nil
    }

    private var requestedLearningRate: Float? { lr ?? (quick ? 2e-3 : nil) }

    private var requestedClip: Float? { clip ?? (quick ? 1 : nil) }

    /// "small" and "large" as they are; a path checked and made absolute, so the run folder's
    /// config.json names the same file from any working directory.
    static func resolveData(_ value: String) throws -> String {
        if PairDataset.fixtureNames.contains(value) { return value }
        return try PathFlag.inputFile(value, flag: "--data").path
    }

    /// The given flags whose values differ from the resumed run's configuration.
    private func resumeConflicts(_ c: TrainingConfig, data: String?, vocabulary: String?) -> [String] {
        var conflicts: [String] = []
        func check<T: Equatable>(_ flag: String, _ given: T?, _ stored: T, shown: (T) -> String = { "\($0)" }) {
            if let given, given != stored { conflicts.append("\(flag) \(shown(given)) (the run has \(shown(stored)))") }
        }
        func absolute(_ path: String?) -> String? {
            path.map { PairDataset.fixtureNames.contains($0) ? $0 : URL(fileURLWithPath: $0).standardizedFileURL.path }
        }
        let optional: (String?) -> String = { $0 ?? "none" }
        check("--arch", arch, c.model.architecture, shown: { $0 == .encoderDecoder ? "encdec" : "decoder" })
        check("--data", absolute(data), absolute(c.data) ?? c.data)
        check("--vocabulary", vocabulary.map { Optional($0) }, absolute(c.vocabularyFile), shown: optional)
        check("--max-output-length", maxOutputLength.map { Optional($0) }, c.maxOutputLength, shown: { $0.map(String.init) ?? "none" })
        check("--hidden", hidden, c.model.hiddenSize)
        check("--layers", layers, c.model.layers)
        check("--heads", heads, c.model.heads)
        if preLayerNorm { check("--pre-layer-norm", true, c.model.preLayerNorm, shown: { $0 ? "on" : "off" }) }
        check("--mlp-multiplier", mlpMultiplier, c.model.mlpMultiplier)
        if attentionOutputProjection {
            check("--attention-output-projection", true, c.model.attentionOutputProjection, shown: { $0 ? "on" : "off" })
        }
        check("--dropout", dropout, c.model.dropout)
        check("--batch-size", batchSize, c.batchSize)
        check("--lr", requestedLearningRate, c.learningRate)
        check("--lr-decay", lrDecay, c.learningRateDecay)
        check("--patience", patience.map { Optional($0) }, c.patience, shown: { $0.map(String.init) ?? "none" })
        check("--keep-best", keepBest, c.checkpointMetric, shown: \.rawValue)
        check("--clip", requestedClip.map { Optional($0) }, c.gradientClipNorm, shown: { $0.map { "\($0)" } ?? "none" })
        check("--seed", seed, c.seed)
        if fixedOrder { check("--fixed-order", false, c.shuffleBatches, shown: { $0 ? "reshuffled" : "fixed" }) }
        return conflicts
    }
}
