import Foundation
import TinyformerIO
import TinyformerNN

/// The files of a training run folder.
public enum RunFiles {
    /// The run's `TrainingConfig`.
    public static let config = "config.json"
    /// One row per epoch (`EpochRecord.columns`).
    public static let metrics = "metrics.csv"
    /// The kept (best-validation) model's weights (safetensors, loadable with
    /// `Transformer.load(runDirectory:)`); "best" by `TrainingConfig.checkpointMetric`.
    public static let checkpoint = "checkpoint.safetensors"
    /// That model's `TransformerConfig`.
    public static let checkpointConfig = "checkpoint.json"
    /// The latest epoch's model, optimizer state and counters, for `--resume`.
    public static let resumeState = "last.safetensors"
}

/// Counters a resumed run needs besides weights and optimizer state.
struct TrainingProgress: Equatable {
    var epochsDone = 0
    var iterations = 0
    /// The kept checkpoint's epoch and validation numbers.
    var bestValidationLoss = Double.infinity
    var bestValidationAccuracy = -Double.infinity
    var bestEpoch = 0
    var epochsWithoutImprovement = 0

    var metadata: [String: String] {
        ["epochs_done": String(epochsDone), "iterations": String(iterations),
         "best_val_loss": String(bestValidationLoss), "best_val_word_acc": String(bestValidationAccuracy),
         "best_epoch": String(bestEpoch), "epochs_without_improvement": String(epochsWithoutImprovement)]
    }

    init() {}

    init(metadata: [String: String], path: String) throws {
        func value<T: LosslessStringConvertible>(_ key: String) throws -> T {
            guard let text = metadata[key], let v = T(text) else {
                throw TrainingError.corruptCheckpoint(path: path, reason: "metadata '\(key)' is missing or malformed")
            }
            return v
        }
        epochsDone = try value("epochs_done")
        iterations = try value("iterations")
        bestValidationLoss = try value("best_val_loss")
        // Resume states written before runs could keep by accuracy lack it (they kept by loss).
        bestValidationAccuracy = metadata["best_val_word_acc"] == nil ? -Double.infinity : try value("best_val_word_acc")
        bestEpoch = try value("best_epoch")
        epochsWithoutImprovement = try value("epochs_without_improvement")
    }
}

extension Transformer {
    /// Loads the best checkpoint of a run folder (`checkpoint.json` + `checkpoint.safetensors`).
    /// - Throws: `TrainingError` naming the file when it is missing or does not fit the config.
    public static func load(runDirectory: URL) throws -> Transformer {
        let configURL = runDirectory.appendingPathComponent(RunFiles.checkpointConfig)
        let weightsURL = runDirectory.appendingPathComponent(RunFiles.checkpoint)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw TrainingError.missingRun(path: weightsURL.path, reason: "no checkpoint here (train a model with `nmt train --out \(runDirectory.path)`)")
        }
        let config: TransformerConfig
        do {
            config = try JSONFile.read(TransformerConfig.self, from: configURL)
        } catch {
            throw TrainingError.corruptCheckpoint(path: configURL.path, reason: "\(error)")
        }
        let model = try Transformer(config: config)
        do {
            try model.load(contentsOf: weightsURL)
        } catch {
            throw TrainingError.corruptCheckpoint(path: weightsURL.path, reason: "\(error)")
        }
        return model
    }

    /// Writes the weights and config as the run's best checkpoint (both atomically).
    func saveCheckpoint(runDirectory: URL, epoch: Int, validationLoss: Double, validationAccuracy: Double) throws {
        try JSONFile.write(config, to: runDirectory.appendingPathComponent(RunFiles.checkpointConfig))
        try save(to: runDirectory.appendingPathComponent(RunFiles.checkpoint),
                 metadata: ["epoch": String(epoch), "val_loss": String(validationLoss),
                            "val_word_acc": String(validationAccuracy), "format": "pt"])
    }
}

/// The resume state: model weights under `model.`, optimizer state under `optimizer.`, counters
/// in the metadata; one atomic file so weights and counters can never disagree.
enum ResumeState {
    static func save(model: Transformer, optimizer: Optimizer, progress: TrainingProgress, to url: URL) throws {
        var tensors: [String: SafeTensorsEntry] = [:]
        for (name, entry) in model.stateDict() { tensors["model.\(name)"] = entry }
        for (name, entry) in optimizer.stateEntries() { tensors["optimizer.\(name)"] = entry }
        try SafeTensorsFile.write(tensors, metadata: progress.metadata, to: url)
    }

    static func load(into model: Transformer, optimizer: Optimizer, from url: URL) throws -> TrainingProgress {
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw TrainingError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        var weights: [String: SafeTensorsEntry] = [:], state: [String: SafeTensorsEntry] = [:]
        for (name, entry) in file.tensors {
            if name.hasPrefix("model.") { weights[String(name.dropFirst(6))] = entry }
            if name.hasPrefix("optimizer.") { state[String(name.dropFirst(10))] = entry }
        }
        let progress = try TrainingProgress(metadata: file.metadata, path: url.path)
        do {
            try model.load(from: SafeTensorsFile(tensors: weights, source: url.path))
            try optimizer.loadState(state, source: url.path)
        } catch {
            throw TrainingError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        return progress
    }
}
