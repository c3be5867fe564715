import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

/// Settings are optional so that a resumed run can tell the flags given from the defaults (see
/// `FineTune`).
struct Pretrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pretrain a small BERT with masked language modelling; --out becomes a Hugging Face model folder.")

    @Option(help: "A UTF-8 text file, or 'arithmetic' for generated arithmetic sentences (never the task's own expressions).") var corpus: String?
    @Option(help: "The tokenizer (and vocabulary): minilm (the default) or a BERT folder.") var tokenizer: String?
    @Option(help: "Run folder (and model folder; a new run needs it empty or absent).") var out: String
    @Option(help: "Optimizer steps (default 600).") var steps: Int?
    @Option(name: .customLong("evaluate-every"), help: "Steps between validations (default: steps / 6).") var evaluateEvery: Int?
    @Option(help: "Hidden width (default 256).") var hidden: Int?
    @Option(help: "Encoder layers (default 4).") var layers: Int?
    @Option(help: "Attention heads (default 4).") var heads: Int?
    @Option(name: .customLong("max-length"), help: "Positions per chunk, [CLS] and [SEP] included (default 32).") var maxLength: Int?
    @Option(name: .customLong("batch-size"), help: "Chunks per batch (default 32).") var batchSize: Int?
    @Option(help: "Peak learning rate (default 5e-4).") var lr: Float?
    @Option(help: "Seed of the corpus, split, masks, initialisation and dropout (default 0).") var seed: UInt64?
    @Flag(help: "Continue the run in --out with its pretrain.json; other flags must agree with it.") var resume = false
    @Flag(help: "Replace the run in --out.") var overwrite = false

    func run() throws {
        let directory = try runFolder(out, resume: resume, overwrite: overwrite, marker: PretrainFiles.config)
        if let steps { _ = try FlagValue.integer(steps, flag: "--steps", in: 1...10_000_000) }
        if let evaluateEvery { _ = try FlagValue.integer(evaluateEvery, flag: "--evaluate-every", in: 1...10_000_000) }
        if let hidden { _ = try FlagValue.integer(hidden, flag: "--hidden", in: 1...4096) }
        if let layers { _ = try FlagValue.integer(layers, flag: "--layers", in: 1...48) }
        if let heads { _ = try FlagValue.integer(heads, flag: "--heads", in: 1...64) }
        if let maxLength { _ = try FlagValue.integer(maxLength, flag: "--max-length", in: 3...512) }
        if let batchSize { _ = try FlagValue.integer(batchSize, flag: "--batch-size", in: 1...4096) }
        if let lr { _ = try FlagValue.positive(Double(lr), flag: "--lr", atMost: 0.999) }
        let config: PretrainConfig
        if resume {
            config = try PretrainConfig.load(runDirectory: directory)
            let conflicts = try resumeConflicts(config)
            guard conflicts.isEmpty else {
                throw CLIError.usage("--resume continues the run in \(out) with its own configuration, and these flags disagree with its pretrain.json: \(conflicts.joined(separator: "; ")). Drop them, or start a new run in another folder or with --overwrite")
            }
        } else {
            guard let corpus else { throw CLIError.usage("--corpus: give a text file or 'arithmetic'") }
            let hidden = self.hidden ?? 256, steps = self.steps ?? 600
            config = PretrainConfig(corpus: try corpusPath(corpus), tokenizer: try modelFolder(tokenizer ?? "minilm", flag: "--tokenizer").path,
                                    hiddenSize: hidden, layers: layers ?? 4, heads: heads ?? 4, intermediateSize: 4 * hidden,
                                    maxLength: maxLength ?? 32, batchSize: batchSize ?? 32, steps: steps,
                                    evaluateEvery: evaluateEvery ?? max(steps / 6, 1), learningRate: lr ?? 5e-4, seed: seed ?? 0)
            do {
                try config.validate()
            } catch {
                throw CLIError.usage(error.description)
            }
        }
        let pretrainer = try Pretrainer(config: config, runDirectory: directory)
        pretrainer.log = { Console.output($0) }
        let summary = try pretrainer.run(resume: resume, overwrite: overwrite)
        if let last = summary.records.last {
            Console.output(String(format: "masked-LM validation loss %.4f, masked-token accuracy %.3f; fine-tune it with `bert finetune --model %@`",
                                  last["val_loss"] ?? .nan, last["val_acc"] ?? .nan, directory.path))
        }
    }

    /// "arithmetic" as it is; a file checked and made absolute.
    private func corpusPath(_ value: String) throws -> String {
        value == PretrainConfig.arithmeticCorpus ? value : try PathFlag.inputFile(value, flag: "--corpus").path
    }

    /// The given flags whose values differ from the resumed run's configuration.
    private func resumeConflicts(_ c: PretrainConfig) throws -> [String] {
        var conflicts: [String] = []
        func check<T: Equatable>(_ flag: String, _ given: T?, _ stored: T) {
            if let given, given != stored { conflicts.append("\(flag) \(given) (the run has \(stored))") }
        }
        check("--corpus", try corpus.map(corpusPath), c.corpus)
        check("--tokenizer", try tokenizer.map { try modelFolder($0, flag: "--tokenizer").path }, c.tokenizer)
        check("--steps", steps, c.steps)
        check("--evaluate-every", evaluateEvery, c.evaluateEvery)
        check("--hidden", hidden, c.hiddenSize)
        check("--layers", layers, c.layers)
        check("--heads", heads, c.heads)
        check("--max-length", maxLength, c.maxLength)
        check("--batch-size", batchSize, c.batchSize)
        check("--lr", lr, c.learningRate)
        check("--seed", seed, c.seed)
        return conflicts
    }
}
