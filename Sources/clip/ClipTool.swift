import ArgumentParser
import TinyformerCLI
import TinyformerTensor

/// CLIP from the command line: rank a folder of images for a caption, classify images zero-shot,
/// write embeddings, train a small CLIP on synthetic shapes, search for a caption that selects an
/// image. Starts, reports errors and exits through `CommandLineTool` (exit 0, 1 or 64).
@main
struct ClipTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clip",
        abstract: "CLIP: rank images for a caption, classify zero-shot, embed, train on synthetic shapes, search captions.",
        subcommands: [Rank.self, Classify.self, Embed.self, Train.self, MakeImages.self, FindCaption.self, Bench.self])

    static func main() {
        CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings(maximum: WorkerPool.maximumThreads))
    }
}
