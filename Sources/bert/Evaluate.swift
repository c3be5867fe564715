import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test accuracy and confusion matrix of a fine-tuned run's kept checkpoint.")

    @Option(help: "A run folder written by `bert finetune`.") var checkpoint: String
    @Option(help: "Also write {\"accuracy\": …, \"confusion\": [[…]]} to this file.") var json: String?

    func run() throws {
        let runURL = try fineTunedRun(checkpoint)
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        let run = try FineTunedClassifier(runDirectory: runURL)
        let report = try run.evaluateTestSet()
        let labels = run.classifier.labels
        Console.output(String(format: "test accuracy %.4f on %d expressions", report.accuracy, report.predictions.count))
        Console.output("confusion (rows: true, columns: predicted " + labels.joined(separator: ", ") + "):")
        for (label, row) in zip(labels, report.confusion) {
            Console.output("  " + label.padding(toLength: 9, withPad: " ", startingAt: 0) + row.map { String(format: "%5d", $0) }.joined())
        }
        if let jsonURL { try writeJSON(report.summary, to: jsonURL) }
    }
}
