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

    /// Whether an epoch with validation `loss` and `accuracy` beats the kept checkpoint's
    /// (`bestLoss`, `bestAccuracy`); before any checkpoint they are (+∞, −∞) and every finite
    /// epoch wins.
    public func improves(loss: Double, accuracy: Double, bestLoss: Double, bestAccuracy: Double) -> Bool {
        switch self {
        case .validationLoss: return loss < bestLoss
        case .validationWordAccuracy: return accuracy > bestAccuracy || (accuracy == bestAccuracy && loss < bestLoss)
        }
    }
}
