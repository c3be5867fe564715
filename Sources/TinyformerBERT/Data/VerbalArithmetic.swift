// The assignment's task: is "A plus/minus B" (A, B ∈ zero…nineteen) negative, zero or positive?

/// The 800 expressions "A plus B" and "A minus B" for A, B ∈ 0…19 in words, labelled by the sign
/// of their value (0 negative, 1 zero, 2 positive), in the course's order: index
/// 400·op + 20·A + B with op 0 = plus, 1 = minus (the reference CSVs' first column).
/// Labels: 190 negative, 21 zero (0 + 0 and A − A), 589 positive.
public enum VerbalArithmetic {
    /// Class names by id.
    public static let labels = ["negative", "zero", "positive"]
    /// The operators, in index order.
    public static let operators = ["plus", "minus"]

    /// All 800 examples in index order.
    public static func examples() -> [ArithmeticExample] {
        var list: [ArithmeticExample] = []
        list.reserveCapacity(800)
        for (op, name) in operators.enumerated() {
            for a in 0..<20 {
                for b in 0..<20 {
                    let value = op == 0 ? a + b : a - b
                    list.append(ArithmeticExample(index: list.count, text: "\(NumberWords.units[a]) \(name) \(NumberWords.units[b])",
                                                  label: value < 0 ? 0 : value == 0 ? 1 : 2))
                }
            }
        }
        return list
    }

    /// The label of an expression "A plus|minus B" with A, B number words in 0…999, nil when the
    /// text is not one.
    public static func label(of text: String) -> Int? {
        let words = text.split(separator: " ").map(String.init)
        guard let op = words.firstIndex(where: { operators.contains($0) }),
              let a = NumberWords.value(words[..<op].joined(separator: " ")),
              let b = NumberWords.value(words[(op + 1)...].joined(separator: " ")) else { return nil }
        let value = words[op] == "plus" ? a + b : a - b
        return value < 0 ? 0 : value == 0 ? 1 : 2
    }
}
