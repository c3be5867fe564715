import ArgumentParser
import Foundation
import TinyformerBERT

struct FineTune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Fine-tune a BERT classifier on the 800 verbal-arithmetic expressions; writes the run to --out.")

    @Option(help: "minilm (models/all-MiniLM-L6-v2, from Scripts/fetch-minilm) or a Hugging Face BERT folder.") var model = "minilm"
    @Option(help: "finetune (all weights), frozen (the head only) or random-init (the architecture, untrained).") var mode: FineTuneMode = .finetune
    @Option(help: "Epochs.") var epochs = 10
    @Option(help: "Peak learning rate (linear warmup over 10 % of the steps, then linear decay).") var lr: Float = 2e-4
    @Option(help: "Seed of the split, batch order, head initialisation and dropout.") var seed: UInt64 = 0
    @Option(name: .customLong("batch-size"), help: "Expressions per batch.") var batchSize = 32
    @Option(help: "What the head reads: pooler (BertForSequenceClassification) or cls (the raw [CLS] state).") var pooling: BertPooling = .pooler
    @Option(help: "Override every dropout probability of the model (default: its config's).") var dropout: Float?
    @Option(help: "Run folder.") var out: String
    @Flag(help: "Continue the run in --out (its finetune.json wins).") var resume = false
    @Flag(help: "Replace the run in --out.") var overwrite = false

    func run() throws {
        let directory = URL(fileURLWithPath: try nonEmpty(out, "--out"))
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        let config: FineTuneConfig
        if resume {
            config = try FineTuneConfig.load(runDirectory: directory)
        } else {
            config = FineTuneConfig(model: try modelFolder(model).path, mode: mode, epochs: epochs, learningRate: lr,
                                    batchSize: batchSize, seed: seed, pooling: pooling, dropout: dropout)
        }
        let summary = try FineTuner(config: config, runDirectory: directory).run(resume: resume, overwrite: overwrite)
        print(String(format: "test accuracy %.4f (kept epoch %d, val acc %.4f); %.2f s per epoch; run in %@",
                     summary.test.accuracy, summary.bestEpoch, summary.bestValidationAccuracy, summary.meanEpochSeconds, directory.path))
    }
}
