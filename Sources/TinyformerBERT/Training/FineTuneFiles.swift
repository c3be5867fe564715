// The files of a fine-tuning run folder.
import TinyformerNN

/// What `FineTuner` writes into its run folder (all atomically).
public enum FineTuneFiles {
    /// The run's `FineTuneConfig` (written first: the folder's marker).
    public static let config = "finetune.json"
    /// The classifier's `BertConfig` (Hugging Face keys, `id2label`), the architecture of the
    /// checkpoint.
    public static let modelConfig = "bert_config.json"
    /// The data split (`ArithmeticSplit`): training, validation and test examples.
    public static let split = "split.json"
    /// One row per epoch: `epoch,train_loss,val_loss,val_acc,seconds,…` (`MetricsRecord`).
    public static let metrics = TrainingFiles.metrics
    /// The best epoch's weights by validation accuracy (ties: lower validation loss), under Hugging
    /// Face's `BertForSequenceClassification` names; the head alone for a frozen encoder.
    public static let checkpoint = TrainingFiles.checkpoint
    /// The latest epoch's model, optimizer and progress, for `--resume`.
    public static let resumeState = TrainingFiles.resumeState
    /// The kept checkpoint's `ClassificationReport` on the test set.
    public static let test = "test.json"
    /// The tokenizer files copied from the model folder, so the run is self-contained.
    public static let tokenizer = BertFolder.Files.tokenizer
}
