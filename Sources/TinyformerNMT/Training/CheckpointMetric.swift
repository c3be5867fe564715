import TinyformerNN

/// Which validation number picks a run's kept checkpoint (`checkpoint.safetensors`) and counts
/// for early stopping.
public enum CheckpointMetric: String, Codable, Sendable, CaseIterable {
    /// The lowest validation loss (the course's choice, and the default).
    case validationLoss = "loss"
    /// The highest exact-match word accuracy; of equal accuracies, the lower validation loss.
    /// For runs aimed at accuracy: the loss minimum need not be an accuracy maximum (in the
    /// ≥ 99 % run of docs/nmt.md, the lowest loss came at an epoch with 98.7 % while the
    /// epochs after it scored 99.3–99.4 %).
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
