import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Zero-shot classification: softmax over labels of exp(logit_scale) · cos(image, prompt).")

    @Option(help: "A Hugging Face CLIP folder.") var model: String
    @Option(help: "Comma-separated labels, e.g. cat,dog,car.") var labels: String
    @Option(name: .customLong("template"),
            help: "A prompt template with {} for the label (repeatable: the templates' embeddings are averaged). Default: \"a photo of a {}\".")
    var templates: [String] = []
    @Option(help: "How many labels to show per image.") var top = 5
    @Argument(help: "Image files.") var images: [String]

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        guard !labelList.isEmpty else { throw ValidationError("--labels: no labels (expected a comma-separated list)") }
        for template in templates where !template.contains("{}") { throw ValidationError("--template \"\(template)\" has no {}") }
    }

    var labelList: [String] {
        labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() throws {
        let modelURL = try PathFlag.inputFolder(model, flag: "--model")
        let files = try images.map { try PathFlag.inputFile($0, flag: "IMAGE") }
        _ = try FlagValue.integer(top, flag: "--top", in: 1...1_000_000)
        let scorer = try ClipScorer(directory: modelURL)
        let embeddings = try scorer.embed(imageFiles: files)
        let predictions = try scorer.classify(imageEmbeddings: embeddings, labels: labelList,
                                              templates: templates.isEmpty ? ["a photo of a {}"] : templates)
        for (image, prediction) in zip(images, predictions) {
            Console.output(image)
            for index in prediction.ranking.prefix(top) {
                Console.output(String(format: "  %7.4f  ", prediction.probabilities[index]) + prediction.labels[index])
            }
        }
    }
}
