import Foundation
import TinyformerIO
import TinyformerNN

/// The files of a training run folder.
public enum RunFiles {
    /// The run's `TrainingConfig`.
    public static let config = "config.json"
    /// The run's `Vocabulary` (the token ids' characters).
    public static let vocabulary = "vocabulary.json"
    /// One row per epoch (`MetricsRecord.columns` with `val_loss` and `val_word_acc`).
    public static let metrics = TrainingFiles.metrics
    /// The kept (best-validation) model's weights (safetensors, loadable with
    /// `Transformer.load(runDirectory:)`); "best" by `TrainingConfig.checkpointMetric`.
    public static let checkpoint = TrainingFiles.checkpoint
    /// That model's `TransformerConfig`.
    public static let checkpointConfig = "checkpoint.json"
    /// The latest epoch's model, optimizer state and counters, for `--resume`.
    public static let resumeState = TrainingFiles.resumeState
}

extension Transformer {
    /// Loads the best checkpoint of a run folder (`checkpoint.json`, `vocabulary.json` — the
    /// Pig Latin vocabulary for runs written before it existed — and `checkpoint.safetensors`).
    /// - Throws: `TrainingError` naming the file when it is missing or does not fit the config.
    public static func load(runDirectory: URL) throws -> Transformer {
        let configURL = runDirectory.appendingPathComponent(RunFiles.checkpointConfig)
        let vocabularyURL = runDirectory.appendingPathComponent(RunFiles.vocabulary)
        let weightsURL = runDirectory.appendingPathComponent(RunFiles.checkpoint)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw TrainingError.missingRun(path: weightsURL.path, reason: "no checkpoint here (train a model with `nmt train --out \(runDirectory.path)`)")
        }
        let config: TransformerConfig, vocabulary: Vocabulary
        do {
            config = try JSONFile.read(TransformerConfig.self, from: configURL)
            vocabulary = FileManager.default.fileExists(atPath: vocabularyURL.path)
                ? try JSONFile.read(Vocabulary.self, from: vocabularyURL) : .pigLatin
        } catch {
            throw TrainingError.corruptCheckpoint(path: configURL.path, reason: "\(error)")
        }
        let model: Transformer
        do {
            model = try Transformer(config: config, vocabulary: vocabulary)
            try model.load(contentsOf: weightsURL)
        } catch {
            throw TrainingError.corruptCheckpoint(path: weightsURL.path, reason: "\(error)")
        }
        return model
    }
}
