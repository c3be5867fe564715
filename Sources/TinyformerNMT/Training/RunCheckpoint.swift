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
    /// The metadata key under which checkpoints store their `TransformerConfig` as JSON, so the
    /// weights carry the architecture that shapes alone cannot show (the number of heads).
    public static let configMetadataKey = "transformer_config"

    /// Loads the best checkpoint of a run folder (`checkpoint.json`, `vocabulary.json` — the
    /// Pig Latin vocabulary for runs written before it existed — and `checkpoint.safetensors`).
    /// Before anything is allocated, the configuration's sizes are checked, the configuration
    /// stored in the weights' metadata (when present) must equal `checkpoint.json`, and the
    /// parameter count `checkpoint.json` implies must equal the weights' element count.
    /// - Throws: `TrainingError.missingRun` without a checkpoint, `.corruptCheckpoint` naming
    ///   the file at fault and what disagrees.
    public static func load(runDirectory: URL) throws -> Transformer {
        let configURL = runDirectory.appendingPathComponent(RunFiles.checkpointConfig)
        let vocabularyURL = runDirectory.appendingPathComponent(RunFiles.vocabulary)
        let weightsURL = runDirectory.appendingPathComponent(RunFiles.checkpoint)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw TrainingError.missingRun(path: weightsURL.path, reason: "no checkpoint here (train a model with `nmt train --out \(runDirectory.path)`)")
        }
        func corrupt(_ url: URL, _ reason: String) -> TrainingError { .corruptCheckpoint(path: url.path, reason: reason) }
        let config: TransformerConfig, vocabulary: Vocabulary
        do {
            config = try JSONFile.read(TransformerConfig.self, from: configURL)
            try config.validate()
        } catch {
            throw corrupt(configURL, "\(error)")
        }
        do {
            vocabulary = FileManager.default.fileExists(atPath: vocabularyURL.path)
                ? try JSONFile.read(Vocabulary.self, from: vocabularyURL) : .pigLatin
        } catch {
            throw corrupt(vocabularyURL, "\(error)")
        }
        let weights: SafeTensorsFile
        do {
            weights = try SafeTensorsFile(contentsOf: weightsURL)
        } catch {
            throw corrupt(weightsURL, "\(error)")
        }
        try checkConfig(config, against: weights, configURL: configURL)
        let model: Transformer
        do {
            model = try Transformer(config: config, vocabulary: vocabulary)
        } catch {
            throw corrupt(configURL, "\(error) (with \(vocabularyURL.lastPathComponent))")
        }
        do {
            try model.load(from: weights)
        } catch {
            throw corrupt(weightsURL, "\(error)")
        }
        return model
    }

    /// The checks of `load` that need no allocation: the weights' stored configuration and their
    /// element count against `config`.
    static func checkConfig(_ config: TransformerConfig, against weights: SafeTensorsFile, configURL: URL) throws {
        let weightsPath = weights.source
        if let json = weights.metadata[configMetadataKey] {
            let stored: TransformerConfig
            do {
                stored = try JSONDecoder().decode(TransformerConfig.self, from: Data(json.utf8))
            } catch {
                throw TrainingError.corruptCheckpoint(path: weightsPath, reason: "its metadata '\(configMetadataKey)' is not a TransformerConfig (\(error))")
            }
            let differences = config.differences(from: stored)
            guard differences.isEmpty else {
                throw TrainingError.corruptCheckpoint(
                    path: configURL.path,
                    reason: "it disagrees with the configuration stored in \(weightsPath): \(differences.joined(separator: ", ")) (\(configURL.lastPathComponent) / weights)")
            }
        }
        let stored = weights.infos.reduce(0) { total, info in
            let (sum, overflow) = total.addingReportingOverflow(info.elementCount)
            return overflow ? Int.max : sum
        }
        guard stored == config.parameterCount else {
            throw TrainingError.corruptCheckpoint(
                path: configURL.path,
                reason: "it describes a model of \(config.parameterCount) parameters, but \(weightsPath) holds \(stored) weights")
        }
    }
}
