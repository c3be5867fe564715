import Foundation
import TinyformerNMT

/// Every run of a sweep, in order, with the budgets its fit uses — the sweep folder's
/// `sweep.json`. Planning is deterministic (the FLOPs of every batch are known before training,
/// `ComputeLedger`), so every shard of a sweep computes the same plan.
public struct SweepPlan: Codable, Sendable, Equatable {
    public var settings: SweepSettings
    /// The budgets of the fit. Course protocol: `settings.budgets`, then doubled while at least
    /// three sizes' runs span the next one (their first evaluation ≤ C ≤ their last).
    public var budgets: [Double]
    /// The runs in plan order (IsoFLOP: by budget, then size; course: by size). Shard I of N
    /// runs positions I−1, I−1+N, …
    public var runs: [RunSpec]

    /// Plans `settings`.
    /// - Throws: `ScalingError.invalidPlan` for bad settings, and the data's errors
    ///   (`DataError`, `TrainingError`) when the data cannot be loaded or a pair does not fit.
    public init(settings: SweepSettings) throws {
        try settings.validate()
        self.settings = settings
        let base = Self.training(settings, hiddenSize: settings.hiddenSizes[0])
        let data = try RunData(config: base)
        var runs: [RunSpec] = []
        var reach: [(first: Double, last: Double)] = []
        var ledgers: [Int: ComputeLedger] = [:]
        for h in settings.hiddenSizes.sorted() {
            var training = Self.training(settings, hiddenSize: h)
            training.model.vocabularySize = data.vocabulary.size
            try training.validate()
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: training.model)
            ledgers[h] = ledger
            reach.append((ledger.epochTotals.flops, Double(settings.epochs) * ledger.epochTotals.flops))
            if settings.sweepProtocol == .course {
                runs.append(RunSpec(name: String(format: "h%03d", h), hiddenSize: h, training: training))
            }
        }
        switch settings.sweepProtocol {
        case .course:
            var budgets = settings.budgets.sorted()
            while let last = budgets.last, reach.filter({ $0.first <= 2 * last && 2 * last <= $0.last }).count >= 3 {
                budgets.append(2 * last)
            }
            self.budgets = budgets
        case .isoflop:
            budgets = settings.budgets.sorted()
            for budget in budgets {
                for h in settings.hiddenSizes.sorted() {
                    guard let ledger = ledgers[h] else { continue }
                    var training = Self.training(settings, hiddenSize: h)
                    training.model.vocabularySize = data.vocabulary.size
                    let steps = max(ledger.steps(toReach: budget), 1)
                    let every = min(steps, max(ledger.batchesPerEpoch, (steps + settings.evaluationsPerRun - 1) / settings.evaluationsPerRun))
                    runs.append(RunSpec(name: "c\(Self.label(budget))-" + String(format: "h%03d", h), hiddenSize: h, budget: budget,
                                        training: training, steps: steps, evaluateEvery: every,
                                        finalLearningRateFraction: settings.finalLearningRateFraction))
                }
            }
        }
        self.runs = runs
    }

    /// The runs shard `shard` owns, with their plan positions.
    public func runs(of shard: Shard) -> [(position: Int, run: RunSpec)] {
        runs.enumerated().filter { shard.owns($0.offset) }.map { ($0.offset, $0.element) }
    }

    /// A budget as a short label: 8e10, 1.6e11, 1.28e12.
    public static func label(_ flops: Double) -> String {
        guard flops > 0, flops.isFinite else { return String(flops) }
        let exponent = Int(log10(flops).rounded(.down))
        let mantissa = flops / pow(10, Double(exponent))
        return String(format: "%ge%d", mantissa, exponent)
    }

    /// The training configuration of size `h`: the course's decoder-only model.
    static func training(_ settings: SweepSettings, hiddenSize h: Int) -> TrainingConfig {
        let model = TransformerConfig(architecture: .decoderOnly, hiddenSize: h, layers: settings.layers, seed: settings.seed)
        return TrainingConfig(model: model, data: settings.data, batchSize: settings.batchSize, epochs: settings.epochs,
                              learningRate: settings.learningRate, learningRateDecay: settings.learningRateDecay,
                              seed: settings.seed, maxTrainingPairs: settings.maxTrainingPairs)
    }
}
