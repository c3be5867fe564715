// Generated arithmetic prose for the "math-pretrained" miniature: number words, plus, minus,
// times, equals, comparisons — never the task's own "A plus/minus B" with A, B ≤ 19.
import TinyformerRandom

/// Sentences such as "twenty-three plus four equals twenty-seven", "seven times eight equals
/// fifty-six", "thirty minus forty-two equals minus twelve", "nine is less than fourteen",
/// "six hundred and two is greater than ninety".
///
/// Operands are drawn 50 % from 0…19, 30 % from 20…99, 20 % from 100…999. A sum or difference
/// always has an operand ≥ 20 (redrawn otherwise), so the task's expressions — and their
/// answers — never appear; comparisons and products may use any numbers.
public enum ArithmeticCorpus {
    /// `count` sentences drawn from `seed`.
    public static func sentences(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<max(count, 0)).map { _ in sentence(using: &generator) }
    }

    /// Whether `text` contains "A plus B" or "A minus B" with A and B number words in 0…19 (the
    /// task's form), where A is the word(s) right before the operator and B right after.
    public static func containsTaskExpression(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let small = Set(NumberWords.units)
        for (i, word) in words.enumerated() where (word == "plus" || word == "minus") && i > 0 && i + 1 < words.count {
            // "minus twelve" as a negative result follows "equals": not an expression.
            if small.contains(words[i - 1]), small.contains(words[i + 1]),
               i < 2 || words[i - 2] != "hundred" && words[i - 2] != "and" {
                return true
            }
        }
        return false
    }

    private static func number(_ generator: inout SeededGenerator) -> Int {
        let u = generator.nextDouble()
        if u < 0.5 { return generator.uniformIndex(below: 20) }
        if u < 0.8 { return 20 + generator.uniformIndex(below: 80) }
        return 100 + generator.uniformIndex(below: 900)
    }

    private static func words(_ n: Int) -> String {
        n < 0 ? "minus " + (NumberWords.words(-n) ?? "") : NumberWords.words(n) ?? ""
    }

    private static func sentence(using generator: inout SeededGenerator) -> String {
        switch generator.uniformIndex(below: 5) {
        case 0, 1:  // a sum or difference with an operand ≥ 20
            var a = number(&generator), b = number(&generator)
            while a < 20 && b < 20 {
                a = number(&generator)
                b = number(&generator)
            }
            let plus = generator.uniformIndex(below: 2) == 0
            let value = plus ? a + b : a - b
            guard abs(value) < 1000 else { return "\(words(a)) is less than \(words(a + 1))" }
            return "\(words(a)) \(plus ? "plus" : "minus") \(words(b)) equals \(words(value))"
        case 2:
            let a = generator.uniformIndex(below: 32), b = generator.uniformIndex(below: 32)
            return "\(words(a)) times \(words(b)) equals \(words(a * b))"
        default:
            let a = number(&generator), b = number(&generator)
            let relation = a < b ? "is less than" : a > b ? "is greater than" : "is equal to"
            return "\(words(a)) \(relation) \(words(b))"
        }
    }
}
