/// A training run's `results.json`.
public struct ClipTrainingResults: Codable, Sendable, Equatable {
    /// Zero-shot shape × colour accuracy on held-out combinations.
    public var heldoutZeroShotAccuracy: Double
    /// Caption → image recall@1 among 100 held-out scenes.
    public var heldoutRecallAt1: Double
    /// 1 / the number of zero-shot labels.
    public var chanceAccuracy: Double
    /// Wall time of the whole run (data, training, evaluation, writing).
    public var seconds: Double
    public var evaluation: ClipEvaluation
    public var steps: Int
    public var parameters: Int
    public var finalTrainLoss: Double
    public var logitScale: Double
    public var config: ClipTrainingConfig

    enum CodingKeys: String, CodingKey {
        case heldoutZeroShotAccuracy = "heldout_zero_shot_accuracy", heldoutRecallAt1 = "heldout_recall_at_1"
        case chanceAccuracy = "chance_accuracy", seconds, evaluation, steps, parameters
        case finalTrainLoss = "final_train_loss", logitScale = "logit_scale", config
    }
}
