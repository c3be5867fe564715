import ArgumentParser
import Foundation
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

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model; writes config.json, metrics.csv and the best checkpoint to --out.")

    @Option(help: "encdec (encoder–decoder) or decoder (decoder-only).")
    var arch: TransformerConfig.Architecture = .encoderDecoder
    @Option(help: "small, large (the Pig Latin sets), or a path to a file of 'source target' lines (any characters; the vocabulary is built from them).")
    var data = "small"
    @Option(help: "A vocabulary.json to encode --data with (default: the characters of --data; the Pig Latin vocabulary for small/large).")
    var vocabulary: String?
    @Option(name: .customLong("max-output-length"),
            help: "Longest greedy output when scoring validation accuracy (default: 20 for Pig Latin, else the longest target + 1).")
    var maxOutputLength: Int?
    @Option(help: "Hidden size h.") var hidden = 32
    @Option(help: "Layers (encoder and decoder each).") var layers = 3
    @Option(help: "Attention heads (course: 1).") var heads = 1
    @Flag(help: "Pre-LayerNorm blocks with a final LayerNorm (off in the course).") var preLayerNorm = false
    @Option(help: "MLP width multiplier; > 1 uses GELU (course: 1 with ReLU).") var mlpMultiplier = 1
    @Flag(help: "Add the attention output projection W_o (off in the course).") var attentionOutputProjection = false
    @Option(help: "Dropout probability (course: 0).") var dropout: Float = 0
    @Option(name: .customLong("batch-size"), help: "Pairs per batch.") var batchSize = 64
    @Option(help: "Epochs.") var epochs = 100
    @Option(help: "Adam learning rate (default 5e-4, the course's; 2e-3 with --quick).") var lr: Float?
    @Option(name: .customLong("lr-decay"), help: "Multiplier applied to the lr at the start of each epoch.") var lrDecay: Float = 0.99
    @Option(help: "Stop after this many epochs without a better --keep-best metric.") var patience: Int?
    @Option(name: .customLong("keep-best"),
            help: "What picks the kept checkpoint (and counts for --patience): loss (lowest validation loss, the course's) or accuracy (highest validation word accuracy; ties: lower loss).")
    var keepBest: CheckpointMetric = .validationLoss
    @Option(help: "Clip gradients to this global L2 norm before each step (off in the course; 1 with --quick).") var clip: Float?
    @Option(help: "Seed for weights, split, batch order and dropout.") var seed: UInt64 = 0
    @Flag(help: "Keep the course's fixed batch order instead of reshuffling every epoch.") var fixedOrder = false
    @Option(help: "Run folder.") var out: String
    @Flag(help: "The demo's short run: at most 20 epochs, lr 2e-3 and gradient clipping 1 unless given (enough for h64/large to learn the test sentence).") var quick = false
    @Flag(help: "Continue the run in --out from its last completed epoch (its config.json wins).") var resume = false
    @Flag(help: "Replace the run in --out (a new run refuses a folder that already holds files).") var overwrite = false

    func run() throws {
        guard !out.isEmpty else { throw ValidationError("--out: the path is empty") }
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        let runDirectory = URL(fileURLWithPath: out)
        var config: TrainingConfig
        if resume {
            config = try TrainingConfig.load(runDirectory: runDirectory)
        } else {
            let model = TransformerConfig(architecture: arch, hiddenSize: hidden, layers: layers, heads: heads,
                                          preLayerNorm: preLayerNorm, mlpMultiplier: mlpMultiplier,
                                          activation: mlpMultiplier > 1 ? .gelu : .relu,
                                          attentionOutputProjection: attentionOutputProjection, dropout: dropout, seed: seed)
            config = TrainingConfig(model: model, data: data, batchSize: batchSize,
                                    epochs: quick ? min(epochs, 20) : epochs, learningRate: lr ?? (quick ? 2e-3 : 5e-4),
                                    learningRateDecay: lrDecay, patience: patience, seed: seed, shuffleBatches: !fixedOrder,
                                    gradientClipNorm: clip ?? (quick ? 1 : nil), checkpointMetric: keepBest,
                                    vocabularyFile: vocabulary, maxOutputLength: maxOutputLength)
        }
        let summary = try Trainer(config: config, runDirectory: runDirectory).run(resume: resume, overwrite: overwrite)
        print(String(format: "kept checkpoint: epoch %d, val loss %.4f, val word accuracy %.3f (best by %@); last val word accuracy %.3f; %.2f s per epoch",
                     summary.bestEpoch, summary.bestValidationLoss, summary.bestValidationWordAccuracy, config.checkpointMetric.rawValue,
                     summary.finalValidationWordAccuracy, summary.meanEpochSeconds))
    }
}
