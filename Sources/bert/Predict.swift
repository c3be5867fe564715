import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify expressions (arguments, or lines of standard input) with a fine-tuned run.")

    @Option(help: "A run folder written by `bert finetune`.") var checkpoint: String
    @Option(help: "Also write the predictions as JSON to this file.") var json: String?
    @Argument(help: "Expressions, e.g. \"eight minus ten\"; none: read lines from standard input.") var texts: [String] = []

    func run() throws {
        let runURL = try fineTunedRun(checkpoint)
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        let inputs = try textsOrStandardInput(texts, what: "expressions")
        let run = try FineTunedClassifier(runDirectory: runURL)
        let report = try run.classify(inputs)
        let labels = run.classifier.labels
        for prediction in report.predictions {
            let probabilities = zip(labels, prediction.probabilities).map { String(format: "%@ %.3f", $0, $1) }.joined(separator: ", ")
            Console.output("\(prediction.text)\t\(labels[prediction.predicted])\t(\(probabilities))")
        }
        if let jsonURL { try writeJSON(report.predictions, to: jsonURL) }
    }
}
