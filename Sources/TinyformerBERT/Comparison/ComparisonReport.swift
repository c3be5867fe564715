// The comparison's table and examples, as Markdown and JSON.
import Foundation

/// The results of `BertComparison`: a table (test accuracy, kept epoch, final validation
/// accuracy, seconds per epoch, trained parameters), the test expressions on which the models
/// disagree and those every model gets wrong, with each model's prediction.
public struct ComparisonReport: Sendable {
    public let runs: [ComparisonRun]

    public init(runs: [ComparisonRun]) {
        self.runs = runs
    }

    /// A test expression with the true label and each model's prediction (label names).
    public struct Example: Codable, Sendable, Equatable {
        public var text: String
        public var label: String
        public var predictions: [String]
    }

    /// Test expressions on which not all models predict the same class.
    public var disagreements: [Example] { examples { predicted, _ in Set(predicted).count > 1 } }

    /// Test expressions every model gets wrong.
    public var allWrong: [Example] { examples { predicted, label in predicted.allSatisfy { $0 != label } } }

    /// The test expressions (in the first run's order; every run has the same test set) for
    /// which `keep(predictions, label)` holds.
    private func examples(where keep: (_ predicted: [Int], _ label: Int) -> Bool) -> [Example] {
        guard let first = runs.first else { return [] }
        let labels = VerbalArithmetic.labels
        var list: [Example] = []
        for (i, row) in first.test.predictions.enumerated() {
            guard let label = row.label else { continue }
            let predicted = runs.map { $0.test.predictions.indices.contains(i) ? $0.test.predictions[i].predicted : -1 }
            guard keep(predicted, label) else { continue }
            list.append(Example(text: row.text, label: labels[label], predictions: predicted.map { labels.indices.contains($0) ? labels[$0] : "?" }))
        }
        return list
    }

    /// The report as Markdown.
    public var markdown: String {
        var lines = ["# Verbal arithmetic: five BERT classifiers", "",
                     "![validation accuracy per epoch](val_accuracy.svg)", "",
                     "| model | test accuracy | kept epoch | final val acc | s / epoch | trained parameters |",
                     "|---|---:|---:|---:|---:|---:|"]
        for run in runs {
            lines.append(String(format: "| %@ | %.4f | %d | %.4f | %.2f | %d |", run.name, run.test.accuracy, run.bestEpoch,
                                run.validationAccuracy.last ?? 0, run.meanEpochSeconds, run.trainedParameters))
        }
        func table(_ title: String, _ examples: [Example]) {
            lines += ["", "## \(title) (\(examples.count))", ""]
            guard !examples.isEmpty else { lines.append("none"); return }
            lines.append("| expression | true | " + runs.map(\.name).joined(separator: " | ") + " |")
            lines.append("|---|---|" + String(repeating: "---|", count: runs.count))
            for e in examples {
                lines.append("| \(e.text) | \(e.label) | " + e.predictions.map { $0 == e.label ? $0 : "**\($0)**" }.joined(separator: " | ") + " |")
            }
        }
        table("Test expressions where the models disagree", disagreements)
        table("Test expressions every model gets wrong", allWrong)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as a Codable value.
    public struct JSON: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var name: String
            public var folder: String
            public var testAccuracy: Double
            public var confusion: [[Int]]
            public var bestEpoch: Int
            public var validationAccuracy: [Double]
            public var secondsPerEpoch: Double
            public var trainedParameters: Int
        }
        public var models: [Row]
        public var disagreements: [Example]
        public var allWrong: [Example]
    }

    public var json: JSON {
        JSON(models: runs.map { JSON.Row(name: $0.name, folder: $0.folder, testAccuracy: $0.test.accuracy, confusion: $0.test.confusion,
                                         bestEpoch: $0.bestEpoch, validationAccuracy: $0.validationAccuracy,
                                         secondsPerEpoch: $0.meanEpochSeconds, trainedParameters: $0.trainedParameters) },
             disagreements: disagreements, allWrong: allWrong)
    }
}
