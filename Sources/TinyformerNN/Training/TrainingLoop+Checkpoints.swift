import Foundation
import TinyformerIO

extension TrainingLoop {
    /// Writes the kept checkpoint: `onCheckpoint`'s files first, then the weights with the
    /// evaluation in the metadata (each file atomically).
    func saveCheckpoint(epoch: Int, values: [String: Double]) throws {
        guard let folder else { return }
        try onCheckpoint(folder, epoch)
        var metadata = checkpointMetadata
        metadata["epoch"] = String(epoch)
        metadata["format"] = "pt"
        for (name, value) in values { metadata[name] = String(value) }
        try SafeTensorsFile.write(checkpointState(), metadata: metadata, to: folder.file(TrainingFiles.checkpoint))
    }

    /// The resume state: model weights under `model.`, optimizer state under `optimizer.`, the
    /// progress and the run's identity in the metadata — one atomic file, so weights and
    /// counters can never disagree.
    func saveResumeState(_ progress: TrainingProgress) throws {
        guard let folder else { return }
        var tensors: [String: SafeTensorsEntry] = [:]
        for (name, entry) in model.stateDict() { tensors["model.\(name)"] = entry }
        for (name, entry) in optimizer.stateEntries() { tensors["optimizer.\(name)"] = entry }
        var metadata = checkpointMetadata.merging(progress.metadata) { _, counter in counter }
        metadata["run_identity"] = identity
        try SafeTensorsFile.write(tensors, metadata: metadata, to: folder.file(TrainingFiles.resumeState))
    }

    /// Restores the model, the optimizer and the progress from the folder's resume state.
    /// - Throws: `TrainingError.missingRun` without one, `.resumeMismatch` when it belongs to
    ///   another configuration or data, `.corruptCheckpoint` when it does not fit the model or
    ///   its counters are impossible for this run.
    func loadResumeState(from folder: RunFolder) throws -> TrainingProgress {
        let url = folder.file(TrainingFiles.resumeState)
        guard folder.contains(TrainingFiles.resumeState) else {
            throw TrainingError.missingRun(path: url.path, reason: "nothing to resume (no resume state)")
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: url)
        } catch {
            throw TrainingError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        let saved = file.metadata["run_identity"] ?? ""
        guard saved == identity else {
            throw TrainingError.resumeMismatch(
                path: url.path, reason: "it was written by a run with another configuration or data (identity \(saved.prefix(16)), this run \(identity.prefix(16)))")
        }
        // More epochs done than now planned is a finished run (`run` says so), not a corrupt one.
        let progress = try TrainingProgress(metadata: file.metadata, path: url.path)
        var weights: [String: SafeTensorsEntry] = [:], state: [String: SafeTensorsEntry] = [:]
        for (name, entry) in file.tensors {
            if name.hasPrefix("model.") { weights[String(name.dropFirst(6))] = entry }
            if name.hasPrefix("optimizer.") { state[String(name.dropFirst(10))] = entry }
        }
        do {
            try model.load(from: SafeTensorsFile(tensors: weights, source: url.path))
            try optimizer.loadState(state, source: url.path)
        } catch {
            throw TrainingError.corruptCheckpoint(path: url.path, reason: "\(error)")
        }
        return progress
    }

}
