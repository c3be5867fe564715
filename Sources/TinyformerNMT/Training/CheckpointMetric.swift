import TinyformerNN

/// Which validation number picks a run's kept checkpoint (`checkpoint.safetensors`) and counts
/// for early stopping.
public enum CheckpointMetric: String, Codable, Sendable, CaseIterable {
    /// The lowest validation loss (the course's choice, and the default).
    case validationLoss = "loss"
    /// The highest exact-match word accuracy; of equal accuracies, the lower validation loss.
    /// For runs aimed at accuracy: the loss minimum need not be an accuracy maximum (docs/nmt.md,
    /// "≥ 99 % word accuracy").
    case validationWordAccuracy = "accuracy"

    /// The training loop's selection rule for this metric.
    public var selection: CheckpointSelection {
        switch self {
        case .validationLoss: CheckpointSelection(metric: "val_loss", goal: .minimize)
        case .validationWordAccuracy:
            CheckpointSelection(metric: "val_word_acc", goal: .maximize, tieBreaker: "val_loss", tieBreakerGoal: .minimize)
        }
    }
}
