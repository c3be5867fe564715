import ArgumentParser
import Foundation
import TinyformerBERT

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify expressions (arguments, or lines of standard input) with a fine-tuned run.")

    @Option(help: "A run folder written by `bert finetune`.") var checkpoint: String
    @Option(help: "Also write the predictions as JSON to this file.") var json: String?
    @Argument(help: "Expressions, e.g. \"eight minus ten\"; none: read lines from standard input.") var texts: [String] = []

    func run() throws {
        let run = try FineTunedClassifier(runDirectory: URL(fileURLWithPath: try nonEmpty(checkpoint, "--checkpoint")))
        var inputs = texts
        if inputs.isEmpty {
            while let line = readLine() { inputs.append(line) }
        }
        guard !inputs.isEmpty else { throw ValidationError("no expressions given") }
        let report = try run.classify(inputs)
        let labels = run.classifier.labels
        for prediction in report.predictions {
            let probabilities = zip(labels, prediction.probabilities).map { String(format: "%@ %.3f", $0, $1) }.joined(separator: ", ")
            print("\(prediction.text)\t\(labels[prediction.predicted])\t(\(probabilities))")
        }
        if let json { try writeJSON(report.predictions, to: json) }
    }
}
