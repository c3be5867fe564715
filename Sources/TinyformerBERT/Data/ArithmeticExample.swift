// One labelled expression of the verbal-arithmetic task.

/// "A plus B" or "A minus B" in words with the sign of its value as the label.
public struct ArithmeticExample: Codable, Sendable, Equatable, Hashable {
    /// Position in the course's list of 800 (plus before minus, then A, then B): the reference
    /// CSVs' first column.
    public let index: Int
    /// The expression, e.g. "eight minus ten".
    public let text: String
    /// 0 negative, 1 zero, 2 positive (`VerbalArithmetic.labels`).
    public let label: Int

    public init(index: Int, text: String, label: Int) {
        self.index = index
        self.text = text
        self.label = label
    }
}
