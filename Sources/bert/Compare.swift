import ArgumentParser
import Foundation
import TinyformerBERT

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "MiniLM fine-tuned, frozen and random-init, and two pretrained miniatures (arithmetic, prose): chart, table, disagreements.",
        discussion: "Pretrains the two miniatures unless given, fine-tunes all five with the same recipe, and writes val_accuracy.svg, results.md and results.json to --out. Finished runs in --out are reused and interrupted ones resumed.")

    @Option(help: "Output folder.") var out: String
    @Option(help: "minilm or a BERT folder: the pretrained model.") var model = "minilm"
    @Option(help: "The prose corpus for the prose-pretrained miniature.") var prose = "../shared/data/austen-sense.txt"
    @Option(name: .customLong("math-model"), help: "An already pretrained arithmetic miniature (default: pretrain one).") var mathModel: String?
    @Option(name: .customLong("prose-model"), help: "An already pretrained prose miniature (default: pretrain one).") var proseModel: String?
    @Option(help: "Fine-tuning epochs.") var epochs = 10
    @Option(help: "Fine-tuning peak learning rate.") var lr: Float = 2e-4
    @Option(name: .customLong("pretrain-steps"), help: "Pretraining steps of each miniature.") var pretrainSteps = 600
    @Option(help: "Seed of everything.") var seed: UInt64 = 0
    @Flag(help: "Redo every run in --out.") var overwrite = false

    func run() throws {
        let directory = URL(fileURLWithPath: try nonEmpty(out, "--out"))
        guard epochs >= 1, pretrainSteps >= 1 else { throw ValidationError("--epochs and --pretrain-steps must be ≥ 1") }
        let settings = ComparisonSettings(
            miniLM: try modelFolder(model), prose: URL(fileURLWithPath: try nonEmpty(prose, "--prose")),
            mathModel: try mathModel.map { URL(fileURLWithPath: try nonEmpty($0, "--math-model")) },
            proseModel: try proseModel.map { URL(fileURLWithPath: try nonEmpty($0, "--prose-model")) },
            epochs: epochs, learningRate: lr, seed: seed, pretrainSteps: pretrainSteps)
        let runs = try BertComparison(settings: settings, out: directory).run(overwrite: overwrite)
        for run in runs { print(String(format: "%-24@ test accuracy %.4f", run.name, run.test.accuracy)) }
    }
}
