// A training set's batches, reshuffled every epoch with a seed.
import TinyformerRandom

/// The batches of a training set: a seeded shuffle per epoch, cut into batches of `batchSize`
/// (the last one smaller), each padded to its own longest row.
public struct ShuffledBatches: Sendable {
    public let examples: [LabelledText]
    public let batchSize: Int
    public let seed: UInt64
    public let paddingID: Int

    public init(examples: [LabelledText], batchSize: Int, seed: UInt64, paddingID: Int) throws(BertError) {
        guard !examples.isEmpty, batchSize >= 1 else {
            throw .invalidArgument("batches: need examples and a batch size ≥ 1, got \(examples.count) examples, batch size \(batchSize)")
        }
        self.examples = examples
        self.batchSize = batchSize
        self.seed = seed
        self.paddingID = paddingID
    }

    /// Batches per epoch.
    public var count: Int { (examples.count + batchSize - 1) / batchSize }

    /// Epoch `epoch`'s batches: the examples in the order of
    /// `SeededGenerator(seed: streamSeed(seed, epoch)).permutation`.
    public func batches(epoch: Int) throws(BertError) -> [LabelledBatch] {
        var generator = SeededGenerator(seed: SeededGenerator.streamSeed(seed, epoch))
        let order = generator.permutation(count: examples.count).map { examples[$0] }
        return try Self.inOrder(order, batchSize: batchSize, paddingID: paddingID)
    }

    /// `examples` in their order, in batches of `batchSize` (evaluation).
    public static func inOrder(_ examples: [LabelledText], batchSize: Int, paddingID: Int) throws(BertError) -> [LabelledBatch] {
        var batches: [LabelledBatch] = []
        for start in stride(from: 0, to: examples.count, by: max(batchSize, 1)) {
            batches.append(try LabelledBatch(Array(examples[start..<min(start + batchSize, examples.count)]), paddingID: paddingID))
        }
        return batches
    }
}
