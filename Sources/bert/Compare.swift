import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "MiniLM fine-tuned, frozen and random-init, and two pretrained miniatures (arithmetic, prose): chart, table, disagreements.",
        discussion: "Pretrains the two miniatures unless given, fine-tunes all five with the same recipe, and writes val_accuracy.svg, results.md and results.json to --out. With --resume, finished runs in --out are reused and interrupted ones resumed.")

    @Option(help: "Output folder (a new comparison needs it empty or absent).") var out: String
    @Option(help: "minilm or a BERT folder: the pretrained model.") var model = "minilm"
    @Option(help: "The prose corpus for the prose-pretrained miniature.") var prose = "../shared/data/austen-sense.txt"
    @Option(name: .customLong("math-model"), help: "An already pretrained arithmetic miniature (default: pretrain one).") var mathModel: String?
    @Option(name: .customLong("prose-model"), help: "An already pretrained prose miniature (default: pretrain one).") var proseModel: String?
    @Option(help: "Fine-tuning epochs.") var epochs = 10
    @Option(help: "Fine-tuning peak learning rate.") var lr: Float = 2e-4
    @Option(name: .customLong("pretrain-steps"), help: "Pretraining steps of each miniature.") var pretrainSteps = 600
    @Option(help: "Seed of everything.") var seed: UInt64 = 0
    @Flag(help: "Continue the comparison in --out: finished runs are reused, interrupted ones resumed.") var resume = false
    @Flag(help: "Redo every run in --out.") var overwrite = false

    func run() throws {
        guard !(resume && overwrite) else { throw CLIError.usage("--resume and --overwrite exclude each other") }
        let directory = try PathFlag.outputFolder(out, flag: "--out")
        let held = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if !held.isEmpty && !resume && !overwrite {
            throw CLIError.usage("--out \(out) already holds files; pass --resume to continue the comparison there, or --overwrite to redo it")
        }
        if held.isEmpty && resume { throw CLIError.usage("--out \(out): no comparison to resume there") }
        _ = try FlagValue.integer(epochs, flag: "--epochs", in: 1...100_000)
        _ = try FlagValue.integer(pretrainSteps, flag: "--pretrain-steps", in: 1...10_000_000)
        _ = try FlagValue.positive(Double(lr), flag: "--lr", atMost: 0.999)
        let settings = ComparisonSettings(
            miniLM: try modelFolder(model),
            prose: proseModel == nil ? try PathFlag.inputFile(prose, flag: "--prose") : URL(fileURLWithPath: prose),
            mathModel: try mathModel.map { try PathFlag.inputFolder($0, flag: "--math-model") },
            proseModel: try proseModel.map { try PathFlag.inputFolder($0, flag: "--prose-model") },
            epochs: epochs, learningRate: lr, seed: seed, pretrainSteps: pretrainSteps)
        let comparison = try BertComparison(settings: settings, out: directory)
        comparison.log = { Console.output($0) }
        let runs = try comparison.run(overwrite: overwrite)
        for run in runs { Console.output(String(format: "%-24@ test accuracy %.4f", run.name, run.test.accuracy)) }
    }
}
