import ArgumentParser
import Foundation
import TinyformerBERT

struct Pretrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pretrain a small BERT with masked language modelling; --out becomes a Hugging Face model folder.")

    @Option(help: "A UTF-8 text file, or 'arithmetic' for generated arithmetic sentences (never the task's own expressions).") var corpus: String
    @Option(help: "The tokenizer (and vocabulary): minilm or a BERT folder.") var tokenizer = "minilm"
    @Option(help: "Run folder (and model folder).") var out: String
    @Option(help: "Optimizer steps.") var steps = 600
    @Option(name: .customLong("evaluate-every"), help: "Steps between validations (default: steps / 6).") var evaluateEvery: Int?
    @Option(help: "Hidden width.") var hidden = 256
    @Option(help: "Encoder layers.") var layers = 4
    @Option(help: "Attention heads.") var heads = 4
    @Option(name: .customLong("max-length"), help: "Positions per chunk, [CLS] and [SEP] included.") var maxLength = 32
    @Option(name: .customLong("batch-size"), help: "Chunks per batch.") var batchSize = 32
    @Option(help: "Peak learning rate.") var lr: Float = 5e-4
    @Option(help: "Seed of the corpus, split, masks, initialisation and dropout.") var seed: UInt64 = 0
    @Flag(help: "Continue the run in --out.") var resume = false
    @Flag(help: "Replace the run in --out.") var overwrite = false

    func run() throws {
        let directory = URL(fileURLWithPath: try nonEmpty(out, "--out"))
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        let config: PretrainConfig
        if resume {
            config = try PretrainConfig.load(runDirectory: directory)
        } else {
            let source = try nonEmpty(corpus, "--corpus")
            config = PretrainConfig(corpus: source == PretrainConfig.arithmeticCorpus ? source : URL(fileURLWithPath: source).path,
                                    tokenizer: try modelFolder(tokenizer).path, hiddenSize: hidden, layers: layers, heads: heads,
                                    intermediateSize: 4 * hidden, maxLength: maxLength, batchSize: batchSize, steps: steps,
                                    evaluateEvery: evaluateEvery ?? max(steps / 6, 1), learningRate: lr, seed: seed)
        }
        let summary = try Pretrainer(config: config, runDirectory: directory).run(resume: resume, overwrite: overwrite)
        if let last = summary.records.last {
            print(String(format: "masked-LM validation loss %.4f, masked-token accuracy %.3f; fine-tune it with `bert finetune --model %@`",
                         last["val_loss"] ?? .nan, last["val_acc"] ?? .nan, directory.path))
        }
    }
}
