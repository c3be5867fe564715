/// What a sweep trains: the protocol, the model sizes, the data and optimizer settings and the
/// FLOP budgets. `defaults(for:quick:seed:)` gives the course's settings; every field can be
/// changed before planning (`scaling sweep --sizes … --budgets … --epochs …`).
public struct SweepSettings: Codable, Sendable, Equatable {
    public var sweepProtocol: SweepProtocol
    /// A small, fast sweep of the same shape (tests, smoke runs).
    public var quick: Bool
    /// Seeds the weights, the train/validation split and the batch order of every run.
    public var seed: UInt64
    /// Model widths h of the decoder-only course model.
    public var hiddenSizes: [Int]
    public var layers: Int
    /// "small", "large" or a pairs file (as `nmt train --data`).
    public var data: String
    public var batchSize: Int
    /// Adam's learning rate (the cosine schedule's peak in the IsoFLOP protocol).
    public var learningRate: Float
    /// The course's lr × decay per epoch (course protocol).
    public var learningRateDecay: Float
    /// Epochs per run (course protocol).
    public var epochs: Int
    /// The target budgets in course FLOPs (`CourseFlops`). Course protocol: where losses are
    /// read off the curves, extended by doubling while at least three sizes reach the next one;
    /// IsoFLOP protocol: one run per budget and size.
    public var budgets: [Double]
    /// The cosine schedule's final learning rate as a fraction of the peak (IsoFLOP protocol).
    public var finalLearningRateFraction: Double
    /// Use only the first N training pairs; nil: all.
    public var maxTrainingPairs: Int?
    /// IsoFLOP runs evaluate about this many times (never more often than once per epoch).
    public var evaluationsPerRun: Int

    /// The course's settings: h = 16, 32, 48, 64, 96, 128 with 4 layers on the small set, batch
    /// 64, Adam 5e-4 (× 0.99 per epoch for 100 epochs in the course protocol; cosine to 10 % in
    /// the IsoFLOP protocol), budgets 8e10 … 1.28e12. `quick`: widths 8–24 on 200 pairs, 8
    /// epochs, learning rate 2e-3 (so that seconds of training move the losses) and budgets
    /// scaled down to match — a smoke test of the whole pipeline, too small for real exponents.
    public static func defaults(for sweepProtocol: SweepProtocol, quick: Bool = false, seed: UInt64 = 0) -> SweepSettings {
        var settings = SweepSettings(
            sweepProtocol: sweepProtocol, quick: quick, seed: seed, hiddenSizes: [16, 32, 48, 64, 96, 128], layers: 4,
            data: "small", batchSize: 64, learningRate: 5e-4, learningRateDecay: 0.99, epochs: 100,
            budgets: [8e10, 1.6e11, 3.2e11, 6.4e11, 1.28e12], finalLearningRateFraction: 0.1, maxTrainingPairs: nil,
            evaluationsPerRun: 20)
        if quick {
            settings.hiddenSizes = [8, 12, 16, 24]
            settings.maxTrainingPairs = 200
            settings.epochs = 8
            settings.evaluationsPerRun = 4
            settings.learningRate = 2e-3
            settings.budgets = sweepProtocol == .course ? [3.4e8, 5e8, 7e8] : [2e8, 4e8, 8e8]
        }
        return settings
    }

    public init(sweepProtocol: SweepProtocol, quick: Bool, seed: UInt64, hiddenSizes: [Int], layers: Int, data: String,
                batchSize: Int, learningRate: Float, learningRateDecay: Float, epochs: Int, budgets: [Double],
                finalLearningRateFraction: Double, maxTrainingPairs: Int?, evaluationsPerRun: Int) {
        self.sweepProtocol = sweepProtocol
        self.quick = quick
        self.seed = seed
        self.hiddenSizes = hiddenSizes
        self.layers = layers
        self.data = data
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.epochs = epochs
        self.budgets = budgets
        self.finalLearningRateFraction = finalLearningRateFraction
        self.maxTrainingPairs = maxTrainingPairs
        self.evaluationsPerRun = evaluationsPerRun
    }

    private enum CodingKeys: String, CodingKey {
        case sweepProtocol = "protocol"
        case quick, seed, hiddenSizes, layers, data, batchSize, learningRate, learningRateDecay, epochs, budgets
        case finalLearningRateFraction, maxTrainingPairs, evaluationsPerRun
    }

    /// Checks every field.
    /// - Throws: `ScalingError.invalidPlan` naming the first bad one.
    public func validate() throws(ScalingError) {
        func fail(_ message: String) -> ScalingError { .invalidPlan(message) }
        guard !hiddenSizes.isEmpty else { throw fail("no model sizes") }
        guard hiddenSizes.allSatisfy({ (1...8192).contains($0) }) else { throw fail("sizes must be in 1…8192, got \(hiddenSizes)") }
        guard Set(hiddenSizes).count == hiddenSizes.count else { throw fail("sizes repeat: \(hiddenSizes)") }
        guard !budgets.isEmpty, budgets.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw fail("budgets must be positive finite FLOP counts, got \(budgets)")
        }
        guard Set(budgets).count == budgets.count else { throw fail("budgets repeat: \(budgets)") }
        guard epochs >= 1 else { throw fail("epochs must be ≥ 1, got \(epochs)") }
        guard finalLearningRateFraction > 0, finalLearningRateFraction <= 1 else {
            throw fail("the final learning-rate fraction must be in (0, 1], got \(finalLearningRateFraction)")
        }
        guard evaluationsPerRun >= 1 else { throw fail("evaluations per run must be ≥ 1, got \(evaluationsPerRun)") }
    }
}
