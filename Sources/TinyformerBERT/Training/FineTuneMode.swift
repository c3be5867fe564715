// How a classifier's encoder is treated during fine-tuning.

/// What fine-tuning trains.
public enum FineTuneMode: String, Codable, Sendable, CaseIterable {
    /// Every weight, starting from the pretrained encoder.
    case finetune
    /// Only the head: the pretrained encoder is frozen (`freeze()`: no gradients, no graph, no
    /// optimizer state) and the kept checkpoint holds the head alone.
    case frozen
    /// Every weight, starting from transformers' random initialisation of the same architecture.
    case randomInit = "random-init"
}
