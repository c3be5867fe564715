// Accuracy, loss and confusion matrix of a classifier on labelled texts.
import Foundation

/// How a classifier did on a set of labelled texts.
public struct ClassificationReport: Codable, Sendable, Equatable {
    /// Fraction of rows whose most probable class is the label.
    public var accuracy: Double
    /// Mean cross-entropy over the rows.
    public var loss: Double
    /// confusion[true][predicted] counts.
    public var confusion: [[Int]]
    /// Per row: the predicted class and the softmax probabilities.
    public var predictions: [Prediction]

    /// One row's outcome.
    public struct Prediction: Codable, Sendable, Equatable {
        public var text: String
        public var label: Int?
        public var predicted: Int
        public var probabilities: [Double]
    }

    /// Scores `logits` (one row per text, K values) against `labels` (nil: unlabelled texts, for
    /// which accuracy, loss and confusion are 0 / empty).
    public init(texts: [String], labels: [Int]?, logits: [[Float]], classes: Int) {
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var correct = 0, loss = 0.0
        predictions = []
        for (i, row) in logits.enumerated() {
            let top = row.map(Double.init).max() ?? 0
            let exps = row.map { Foundation.exp(Double($0) - top) }
            let total = exps.reduce(0, +)
            let probabilities = exps.map { $0 / total }
            let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            let label = labels.map { $0[i] }
            if let label, (0..<classes).contains(label) {
                confusion[label][predicted] += 1
                if label == predicted { correct += 1 }
                loss -= Foundation.log(max(probabilities[label], .leastNormalMagnitude))
            }
            predictions.append(Prediction(text: texts[i], label: label, predicted: predicted, probabilities: probabilities))
        }
        let n = Double(max(logits.count, 1))
        accuracy = labels == nil ? 0 : Double(correct) / n
        self.loss = labels == nil ? 0 : loss / n
        self.confusion = confusion
    }

    /// The JSON `bert evaluate --json` writes: `{"accuracy": …, "confusion": [[…]]}`.
    public struct Summary: Codable, Sendable, Equatable {
        public var accuracy: Double
        public var confusion: [[Int]]
    }

    public var summary: Summary { Summary(accuracy: accuracy, confusion: confusion) }
}
