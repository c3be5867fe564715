import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write normalised image and text embeddings and logits_per_image as JSON, like Hugging Face's CLIPModel outputs.")

    @Option(help: "A Hugging Face CLIP folder.") var model: String
    @Option(name: .customLong("image"), help: "An image file (repeatable).") var images: [String] = []
    @Option(name: .customLong("text"), help: "A text (repeatable).") var texts: [String] = []
    @Option(help: "The JSON file to write.") var json: String

    func validate() throws {
        guard !images.isEmpty || !texts.isEmpty else { throw ValidationError("give at least one --image or --text") }
    }

    func run() throws {
        let modelURL = try PathFlag.inputFolder(model, flag: "--model")
        let jsonURL = try PathFlag.outputFile(json, flag: "--json")
        let files = try images.map { try PathFlag.inputFile($0, flag: "--image") }
        let scorer = try ClipScorer(directory: modelURL)
        let output = try EmbeddingsJSON(scorer: scorer, imageFiles: files, texts: texts)
        try output.write(to: jsonURL)
        Console.output("wrote \(json): \(images.count) image and \(texts.count) text embeddings of width \(scorer.model.config.projectionDim)")
    }
}
