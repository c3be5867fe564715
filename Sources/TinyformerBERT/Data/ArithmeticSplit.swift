// The seeded train / validation / test split of the 800 expressions.
import TinyformerRandom

/// The seeded split of the 800 examples: a test set, and the rest cut into training and a
/// validation set stratified by label.
public struct ArithmeticSplit: Codable, Sendable, Equatable {
    public let seed: UInt64
    public let train: [ArithmeticExample]
    public let validation: [ArithmeticExample]
    public let test: [ArithmeticExample]

    /// - Parameters:
    ///   - seed: draws one permutation of the 800 (`SeededGenerator(seed:).permutation`): its
    ///     first `testCount` are the test set, the rest (in permutation order) the training part.
    ///   - testCount: 160 (the course's 640/160).
    ///   - validationFraction: of the training part, per label: each label gives its first
    ///     ⌊f·n⌋ examples, and the labels with the largest remainders one more, until the
    ///     validation set holds round(f · 640) (192 of 640 for 0.3, leaving 448 = 14 batches of 32).
    /// - Throws: `BertError.invalidArgument` for counts that leave a set empty.
    public init(seed: UInt64, testCount: Int = 160, validationFraction: Double = 0.3) throws {
        let all = VerbalArithmetic.examples()
        guard (1..<all.count).contains(testCount), validationFraction > 0, validationFraction < 1 else {
            throw BertError.invalidArgument("split: need 0 < test count < \(all.count) and 0 < validation fraction < 1, got \(testCount), \(validationFraction)")
        }
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(count: all.count).map { all[$0] }
        let rest = Array(order[testCount...])
        let byLabel = Dictionary(grouping: rest, by: \.label)
        let labels = byLabel.keys.sorted()
        let wanted = Int((validationFraction * Double(rest.count)).rounded())
        var quota = Dictionary(uniqueKeysWithValues: labels.map { ($0, Int(validationFraction * Double(byLabel[$0]?.count ?? 0))) })
        let remainders = labels.sorted { a, b in
            let ra = validationFraction * Double(byLabel[a]?.count ?? 0) - Double(quota[a] ?? 0)
            let rb = validationFraction * Double(byLabel[b]?.count ?? 0) - Double(quota[b] ?? 0)
            return ra != rb ? ra > rb : a < b
        }
        var missing = wanted - quota.values.reduce(0, +)
        for label in remainders where missing > 0 {
            quota[label, default: 0] += 1
            missing -= 1
        }
        var taken: [Int: Int] = [:]
        var train: [ArithmeticExample] = [], validation: [ArithmeticExample] = []
        for example in rest {
            if taken[example.label, default: 0] < quota[example.label, default: 0] {
                validation.append(example)
                taken[example.label, default: 0] += 1
            } else {
                train.append(example)
            }
        }
        guard !train.isEmpty, !validation.isEmpty else {
            throw BertError.invalidArgument("split: the validation fraction \(validationFraction) leaves no training or no validation example")
        }
        self.seed = seed
        self.train = train
        self.validation = validation
        test = Array(order[..<testCount])
    }
}
