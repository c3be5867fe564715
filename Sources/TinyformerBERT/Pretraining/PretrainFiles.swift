// The files of a pretraining run folder.
import TinyformerNN

/// What `Pretrainer` writes into its run folder, besides a Hugging Face model folder's
/// `config.json`, `model.safetensors` (the final weights) and tokenizer files.
public enum PretrainFiles {
    public static let config = "pretrain.json"
    /// The corpus as generated (arithmetic) — what the model read.
    public static let corpus = "corpus.txt"
    public static let metrics = TrainingFiles.metrics
    public static let checkpoint = TrainingFiles.checkpoint
    public static let resumeState = TrainingFiles.resumeState
}
