import ArgumentParser
import TinyformerCLI
import TinyformerTensor

/// BERT on the CPU: fine-tune Hugging Face checkpoints on verbal arithmetic, pretrain small ones.
@main
struct BertTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bert",
        abstract: "Hugging Face BERT models: fine-tune, evaluate, predict, tokenize, encode, pretrain, compare.",
        subcommands: [FineTune.self, Evaluate.self, Predict.self, Tokenize.self, Encode.self, Pretrain.self, Compare.self])

    static func main() {
        CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings(maximum: WorkerPool.maximumThreads))
    }
}
