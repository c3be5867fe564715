import TinyformerNMT

/// The compute of a run's batch sequence, known before training: the batches of every epoch are
/// a deterministic function of the seed (`LengthBatcher`), and each epoch covers every pair once,
/// so every epoch has the same totals and only the order within an epoch differs.
///
/// After k steps with n batches per epoch: totals(k) = ⌊k/n⌋ · epochTotals + (the first k mod n
/// batches of epoch ⌊k/n⌋). FLOP counts are integers below 2⁵³ here, so every sum is exact and
/// equals the training loop's running FLOP count to the last bit (`metrics.csv` prints it to
/// seven significant digits; `result.json` holds the exact value).
public final class ComputeLedger {
    public let batcher: LengthBatcher
    public let config: TransformerConfig
    /// One whole epoch's totals.
    public let epochTotals: ComputeTotals
    private var cachedEpoch = -1
    private var prefix: [ComputeTotals] = []  // prefix[i]: the first i batches of cachedEpoch

    /// - Throws: `ScalingError.invalidPlan` for a batcher without batches.
    public init(batcher: LengthBatcher, config: TransformerConfig) throws {
        guard batcher.batchCount > 0 else { throw ScalingError.invalidPlan("the training set gives no batches") }
        self.batcher = batcher
        self.config = config
        epochTotals = batcher.batches(epoch: 0).reduce(ComputeTotals()) { $0 + Self.totals(of: $1, config) }
    }

    /// Batches per epoch.
    public var batchesPerEpoch: Int { batcher.batchCount }

    /// The totals after the first `steps` optimizer steps.
    public func totals(afterSteps steps: Int) -> ComputeTotals {
        let n = batchesPerEpoch, k = max(steps, 0)
        return (k / n) * epochTotals + prefix(epoch: k / n)[k % n]
    }

    /// The smallest step count whose course FLOPs reach `budget` (≥ budget; the last step
    /// overshoots by less than one batch).
    public func steps(toReach budget: Double) -> Int {
        guard budget > 0 else { return 0 }
        let n = batchesPerEpoch
        let epochs = Int((budget / epochTotals.flops).rounded(.down))
        let remaining = budget - Double(epochs) * epochTotals.flops
        if remaining <= 0 { return epochs * n }
        let sums = prefix(epoch: epochs)
        let j = sums.firstIndex { $0.flops >= remaining } ?? n
        return epochs * n + j
    }

    /// One batch's contribution.
    static func totals(of batch: PairBatch, _ config: TransformerConfig) -> ComputeTotals {
        ComputeTotals(steps: 1, sequences: batch.count, targetTokens: batch.count * (batch.targetLength + 1),
                      flops: CourseFlops.training(batch: batch, config: config))
    }

    private func prefix(epoch: Int) -> [ComputeTotals] {
        if epoch != cachedEpoch {
            var running = ComputeTotals()
            prefix = [running]
            for batch in batcher.batches(epoch: epoch) {
                running = running + Self.totals(of: batch, config)
                prefix.append(running)
            }
            cachedEpoch = epoch
        }
        return prefix
    }
}
