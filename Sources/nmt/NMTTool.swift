import ArgumentParser
import TinyformerCLI
import TinyformerTensor

/// English → Pig Latin translation with attention: train, translate, run the course's experiments.
@main
struct NMTTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nmt",
        abstract: "English → Pig Latin with attention: encoder–decoder and decoder-only Transformers.",
        subcommands: [Train.self, Translate.self, Experiment.self, PrepareData.self])

    static func main() {
        CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings(maximum: WorkerPool.maximumThreads))
    }
}
