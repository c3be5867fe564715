import Foundation
import TinyformerNMT
import TinyformerNN

/// One planned run of a sweep (its folder's `config.json`): the model size, the training
/// configuration (model, data, batch size, seed, Adam's learning rate and, for the course's
/// schedule, the per-epoch decay and epoch count), and how long it trains.
///
/// - Course protocol: `training.epochs` whole epochs, lr_e = lr · decay^(e+1) for epoch e
///   (`TrainingConfig.learningRate(epoch:)`, as `nmt train`), an evaluation after every epoch.
/// - IsoFLOP protocol: exactly `steps` optimizer steps (the fewest whose course FLOPs reach
///   `budget`), evaluations every `evaluateEvery` steps and after the last, and the cosine
///   learning rate of `CosineSchedule` from lr to `finalLearningRateFraction` · lr over the run.
public struct RunSpec: Codable, Sendable, Equatable {
    /// The run's folder name (e.g. "h016", "c8.0e10-h016"); plan order is sorted by it.
    public var name: String
    /// The model width h.
    public var hiddenSize: Int
    /// The FLOP budget that sets the run's length (IsoFLOP); nil for the course's runs.
    public var budget: Double?
    public var training: TrainingConfig
    /// Optimizer steps of a step-budgeted run; nil: `training.epochs` epochs.
    public var steps: Int?
    /// Steps between evaluations of a step-budgeted run.
    public var evaluateEvery: Int?
    /// The cosine schedule's final learning rate as a fraction of the peak; nil: the course's
    /// per-epoch decay.
    public var finalLearningRateFraction: Double?

    public init(name: String, hiddenSize: Int, budget: Double? = nil, training: TrainingConfig, steps: Int? = nil,
                evaluateEvery: Int? = nil, finalLearningRateFraction: Double? = nil) {
        self.name = name
        self.hiddenSize = hiddenSize
        self.budget = budget
        self.training = training
        self.steps = steps
        self.evaluateEvery = evaluateEvery
        self.finalLearningRateFraction = finalLearningRateFraction
    }

    /// The training loop's length.
    public var length: TrainingLength {
        guard let steps else { return .epochs(training.epochs) }
        return .steps(steps, evaluateEvery: evaluateEvery ?? steps)
    }

    /// The learning rate of the step numbered `step` (0-based, over the whole run) in evaluation
    /// period `epoch`.
    public func learningRate(epoch: Int, step: Int) -> Float {
        guard let steps, let finalLearningRateFraction else { return training.learningRate(epoch: epoch) }
        return CosineSchedule(peak: training.learningRate, finalFraction: finalLearningRateFraction, steps: steps).rate(step: step)
    }

    /// The optimizer steps after evaluation `evaluation` (0-based) of a run with
    /// `batchesPerEpoch` batches per epoch.
    public func steps(afterEvaluation evaluation: Int, batchesPerEpoch: Int) -> Int {
        guard let steps else { return (evaluation + 1) * batchesPerEpoch }
        return min((evaluation + 1) * (evaluateEvery ?? steps), steps)
    }
}
