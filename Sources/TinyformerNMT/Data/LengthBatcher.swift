import TinyformerRandom

// Batching without padding: every batch holds pairs of one (source length, target length).
// Shape letters: B batch (pairs in the batch), S source length, T target length,
// L = S + T + 2 (decoder-only sequence).

/// Splits pairs into batches whose pairs share one (source length, target length), so no
/// padding is needed.
///
/// Groups are formed in order of first appearance of each length pair in `pairs`, members in
/// `pairs` order. A group of n pairs gives ⌈n / batchSize⌉ batches: consecutive chunks of
/// `batchSize` pairs, the last one possibly smaller. Every epoch covers every pair exactly once.
///
/// - `.fixed` (the course's order): the same batches in the same order every epoch — the groups
///   in first-appearance order, each group's chunks in order.
/// - `.shuffled(seed:)`: each epoch draws a `SeededGenerator` from (seed, epoch) (see
///   `epochSeed`), permutes the members of every group (groups in first-appearance order) with
///   the Fisher–Yates shuffle, chunks them, then permutes the list of all batches. The same seed
///   and epoch always give the same batches; different epochs give different ones.
public struct LengthBatcher: Sendable {
    /// How batches are ordered across epochs.
    public enum Order: Sendable, Equatable {
        /// The same order every epoch (the course's).
        case fixed
        /// Reshuffled every epoch from the seed and the epoch number.
        case shuffled(seed: UInt64)
    }

    /// Pairs of one (source length, target length), as indices into `pairs`.
    public struct Group: Sendable, Equatable {
        /// S of every pair in the group.
        public let sourceLength: Int
        /// T of every pair in the group.
        public let targetLength: Int
        /// The members, in `pairs` order.
        public let indices: [Int]
    }

    /// The pairs being batched.
    public let pairs: [EncodedPair]
    /// Maximum pairs per batch.
    public let batchSize: Int
    /// Fixed or shuffled per epoch.
    public let order: Order
    /// The length groups, in order of first appearance.
    public let groups: [Group]

    /// - Throws: `DataError.invalidArgument` when `batchSize < 1`.
    public init(pairs: [EncodedPair], batchSize: Int, order: Order) throws {
        guard batchSize >= 1 else {
            throw DataError.invalidArgument("LengthBatcher: batch size must be at least 1, got \(batchSize)")
        }
        self.pairs = pairs
        self.batchSize = batchSize
        self.order = order
        var slot: [[Int]: Int] = [:]
        var lengths: [(Int, Int)] = []
        var members: [[Int]] = []
        for (index, pair) in pairs.enumerated() {
            let key = [pair.source.count, pair.target.count]
            if let g = slot[key] {
                members[g].append(index)
            } else {
                slot[key] = members.count
                lengths.append((pair.source.count, pair.target.count))
                members.append([index])
            }
        }
        groups = zip(lengths, members).map { Group(sourceLength: $0.0, targetLength: $0.1, indices: $1) }
    }

    /// Batches the encoded pairs of `dataset`.
    public init(dataset: PairDataset, batchSize: Int, order: Order) throws {
        try self.init(pairs: dataset.encoded, batchSize: batchSize, order: order)
    }

    /// Batches per epoch (the same for every epoch).
    public var batchCount: Int {
        groups.reduce(0) { $0 + ($1.indices.count + batchSize - 1) / batchSize }
    }

    /// The seed of epoch `epoch`'s generator (`SeededGenerator.streamSeed`), so neighbouring
    /// epochs get unrelated streams.
    public static func epochSeed(seed: UInt64, epoch: Int) -> UInt64 {
        SeededGenerator.streamSeed(seed, epoch)
    }

    /// The batches of epoch `epoch` (0-based), in training order.
    public func batches(epoch: Int) -> [PairBatch] {
        var shuffle = false
        var generator = SeededGenerator(seed: 0)  // drawn from only when shuffling
        if case let .shuffled(seed) = order {
            shuffle = true
            generator = SeededGenerator(seed: Self.epochSeed(seed: seed, epoch: epoch))
        }
        var result: [PairBatch] = []
        result.reserveCapacity(batchCount)
        for group in groups {
            var members = group.indices
            if shuffle {
                members = generator.permutation(count: members.count).map { members[$0] }
            }
            var start = 0
            while start < members.count {
                let chunk = Array(members[start..<min(start + batchSize, members.count)])
                result.append(PairBatch(
                    indices: chunk, sourceLength: group.sourceLength, targetLength: group.targetLength,
                    sources: chunk.map { pairs[$0].source }, targets: chunk.map { pairs[$0].target }))
                start += batchSize
            }
        }
        if shuffle {
            result = generator.permutation(count: result.count).map { result[$0] }
        }
        return result
    }
}

/// One batch: pairs with equal source length S and equal target length T.
public struct PairBatch: Sendable, Equatable {
    /// Indices of the batch's pairs in the batcher's `pairs`.
    public let indices: [Int]
    /// S, shared by every pair of the batch.
    public let sourceLength: Int
    /// T, shared by every pair of the batch.
    public let targetLength: Int
    /// Source token ids, one array of S per pair.
    public let sources: [[Int]]
    /// Target token ids, one array of T per pair.
    public let targets: [[Int]]

    /// B, the number of pairs.
    public var count: Int { indices.count }
}
