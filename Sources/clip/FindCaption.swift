import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP
import TinyformerIO

struct FindCaption: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find-caption",
        abstract: "Search (greedy or beam) for a caption that makes --target the top image of --images, and count the tries.")

    @Option(help: "A Hugging Face CLIP folder.") var model: String
    @Option(help: "The candidate images' folder.") var images: String
    @Option(help: "The image to select (a file of --images, or its name).") var target: String
    @Option(help: "Comma-separated words to build captions from (default: the synthetic captions' words).") var words: String?
    @Option(help: "What every caption starts with.") var prefix = "a"
    @Option(help: "Beam width (1 = greedy).") var beam = 3
    @Option(name: .customLong("max-words"), help: "Longest caption searched, in added words.") var maxWords = 8
    @Option(help: "Write the whole trace (every caption tried) as JSON here.") var json: String?
    @Flag(help: "Print every caption tried.") var verbose = false

    func run() throws {
        let modelURL = try PathFlag.inputFolder(model, flag: "--model")
        let imagesURL = try PathFlag.inputFolder(images, flag: "--images")
        guard !target.isEmpty else { throw CLIError.usage("--target: the path is empty") }
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        _ = try FlagValue.integer(beam, flag: "--beam", in: 1...64)
        _ = try FlagValue.integer(maxWords, flag: "--max-words", in: 1...32)
        let scorer = try ClipScorer(directory: modelURL)
        let folder = try scorer.embedFolder(imagesURL, cache: try scorer.defaultCacheURL(for: imagesURL))
        let targetName = URL(fileURLWithPath: target).lastPathComponent
        guard let index = folder.names.firstIndex(of: targetName) else {
            throw CLIError.usage("--target \(target): '\(targetName)' is not one of the \(folder.names.count) images of \(images)")
        }
        let wordList = words.map { $0.split(separator: ",").map(String.init) } ?? SyntheticShapes.words
        let search = try CaptionSearch(words: wordList, beamWidth: beam, maxWords: maxWords, prefix: prefix)
        let outcome = try search.run(scorer, imageEmbeddings: folder.embeddings, names: folder.names, target: index)
        if verbose {
            for attempt in outcome.trace {
                Console.output(String(format: "  p %.4f  rank %3d  ", attempt.targetProbability, attempt.targetRank) + "\"\(attempt.caption)\" → \(attempt.topImage)")
            }
        }
        let verdict = outcome.selectsTarget ? "selects \(targetName)" : "does not select \(targetName) (best found)"
        Console.output(String(format: "\"%@\" %@ with p = %.4f among %d images, after %d tries (beam %d)",
                                  outcome.caption, verdict, outcome.targetProbability, folder.names.count, outcome.tries, beam))
        if let json, let jsonURL {
            try JSONFile.write(outcome, to: jsonURL)
            Console.output("wrote \(json)")
        }
    }
}
