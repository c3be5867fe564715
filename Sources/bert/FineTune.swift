import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

/// Settings are optional so that a resumed run can tell the flags given from the defaults: a
/// given flag that disagrees with the run's finetune.json is an error, not silently ignored.
struct FineTune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Fine-tune a BERT classifier on the 800 verbal-arithmetic expressions; writes the run to --out.")

    @Option(help: "minilm (models/all-MiniLM-L6-v2, from Scripts/fetch-minilm; the default) or a Hugging Face BERT folder.") var model: String?
    @Option(help: "finetune (all weights; the default), frozen (the head only) or random-init (the architecture, untrained).") var mode: FineTuneMode?
    @Option(help: "Epochs (default 10).") var epochs: Int?
    @Option(help: "Peak learning rate (default 2e-4; linear warmup over 10 % of the steps, then linear decay).") var lr: Float?
    @Option(help: "Seed of the split, batch order, head initialisation and dropout (default 0).") var seed: UInt64?
    @Option(name: .customLong("batch-size"), help: "Expressions per batch (default 32).") var batchSize: Int?
    @Option(help: "What the head reads: pooler (BertForSequenceClassification; the default) or cls (the raw [CLS] state).") var pooling: BertPooling?
    @Option(help: "Override every dropout probability of the model (default: its config's).") var dropout: Float?
    @Option(help: "Run folder (a new run needs it empty or absent).") var out: String
    @Flag(help: "Continue the run in --out with its finetune.json; other flags must agree with it.") var resume = false
    @Flag(help: "Replace the run in --out (only a run folder, or an empty one, is replaced).") var overwrite = false

    func run() throws {
        let directory = try runFolder(out, resume: resume, overwrite: overwrite, marker: FineTuneFiles.config)
        if let epochs { _ = try FlagValue.integer(epochs, flag: "--epochs", in: 1...100_000) }
        if let batchSize { _ = try FlagValue.integer(batchSize, flag: "--batch-size", in: 1...4096) }
        if let lr { _ = try FlagValue.positive(Double(lr), flag: "--lr", atMost: 0.999) }
        if let dropout { _ = try FlagValue.finite(Double(dropout), flag: "--dropout", in: 0...0.99) }
        let config: FineTuneConfig
        if resume {
            config = try FineTuneConfig.load(runDirectory: directory)
            let conflicts = try resumeConflicts(config)
            guard conflicts.isEmpty else {
                throw CLIError.usage("--resume continues the run in \(out) with its own configuration, and these flags disagree with its finetune.json: \(conflicts.joined(separator: "; ")). Drop them, or start a new run in another folder or with --overwrite")
            }
        } else {
            config = FineTuneConfig(model: try modelFolder(model ?? "minilm").path, mode: mode ?? .finetune, epochs: epochs ?? 10,
                                    learningRate: lr ?? 2e-4, batchSize: batchSize ?? 32, seed: seed ?? 0,
                                    pooling: pooling ?? .pooler, dropout: dropout)
        }
        let tuner = try FineTuner(config: config, runDirectory: directory)
        tuner.log = { Console.output($0) }
        let summary = try tuner.run(resume: resume, overwrite: overwrite)
        Console.output(String(format: "test accuracy %.4f (kept epoch %d, val acc %.4f); %.2f s per epoch; run in %@",
                              summary.test.accuracy, summary.bestEpoch, summary.bestValidationAccuracy, summary.meanEpochSeconds,
                              directory.path))
    }

    /// The given flags whose values differ from the resumed run's configuration.
    private func resumeConflicts(_ c: FineTuneConfig) throws -> [String] {
        var conflicts: [String] = []
        func check<T: Equatable>(_ flag: String, _ given: T?, _ stored: T) {
            if let given, given != stored { conflicts.append("\(flag) \(given) (the run has \(stored))") }
        }
        if let model {
            let given = try modelFolder(model).standardizedFileURL.path
            check("--model", given, URL(fileURLWithPath: c.model).standardizedFileURL.path)
        }
        check("--mode", mode?.rawValue, c.mode.rawValue)
        check("--epochs", epochs, c.epochs)
        check("--lr", lr, c.learningRate)
        check("--seed", seed, c.seed)
        check("--batch-size", batchSize, c.batchSize)
        check("--pooling", pooling?.rawValue, c.pooling.rawValue)
        if let dropout { check("--dropout", dropout, c.dropout ?? .nan) }
        return conflicts
    }
}
