import Foundation
import TinyformerIO

/// Where a training loop stands: what its resume state (`last.safetensors`) records besides the
/// model and optimizer, so a resumed run continues exactly where the interrupted one stopped.
public struct TrainingProgress: Equatable, Sendable {
    /// Evaluations done (epochs, or evaluation periods of a step-budgeted run).
    public var epochsDone = 0
    /// Optimizer steps taken.
    public var steps = 0
    /// The batch source's epoch the next step draws from, and the batch within it.
    public var sourceEpoch = 0
    public var batchIndex = 0
    /// Training FLOPs so far.
    public var flops: Double = 0
    /// The kept checkpoint's evaluation number (0: none yet) and metrics.
    public var bestEpoch = 0
    public var bestValues: [String: Double]? = nil
    public var epochsWithoutImprovement = 0
    /// The loss of the run's first step: the reference of the divergence threshold.
    public var firstLoss: Double? = nil

    public init() {}

    /// The metadata strings of the resume file.
    var metadata: [String: String] {
        var m = ["epochs_done": String(epochsDone), "steps": String(steps), "source_epoch": String(sourceEpoch),
                 "batch_index": String(batchIndex), "flops": String(flops), "best_epoch": String(bestEpoch),
                 "epochs_without_improvement": String(epochsWithoutImprovement)]
        if let bestValues, let data = try? JSONEncoder.sorted.encode(bestValues.mapValues { String($0) }) {
            m["best_values"] = String(decoding: data, as: UTF8.self)
        }
        if let firstLoss { m["first_loss"] = String(firstLoss) }
        return m
    }

    /// Parses and checks `metadata` of the resume file at `path`.
    /// - Throws: `TrainingError.corruptCheckpoint` naming the key for a missing, malformed,
    ///   negative, non-finite or inconsistent value.
    init(metadata: [String: String], path: String) throws {
        func fail(_ reason: String) -> TrainingError { .corruptCheckpoint(path: path, reason: reason) }
        func count(_ key: String) throws -> Int {
            guard let text = metadata[key], let v = Int(text), v >= 0 else {
                throw fail("metadata '\(key)' is missing, malformed or negative (\(metadata[key] ?? "absent"))")
            }
            return v
        }
        epochsDone = try count("epochs_done")
        steps = try count("steps")
        sourceEpoch = try count("source_epoch")
        batchIndex = try count("batch_index")
        bestEpoch = try count("best_epoch")
        epochsWithoutImprovement = try count("epochs_without_improvement")
        guard let text = metadata["flops"], let f = Double(text), f.isFinite, f >= 0 else {
            throw fail("metadata 'flops' is missing or not a finite non-negative number")
        }
        flops = f
        guard bestEpoch <= epochsDone, epochsWithoutImprovement <= epochsDone else {
            throw fail("metadata 'best_epoch' \(bestEpoch) or 'epochs_without_improvement' \(epochsWithoutImprovement) exceeds 'epochs_done' \(epochsDone)")
        }
        if let json = metadata["best_values"] {
            guard let strings = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
                throw fail("metadata 'best_values' is not a JSON object of numbers")
            }
            var values: [String: Double] = [:]
            for (key, text) in strings {
                guard let v = Double(text), !v.isNaN else { throw fail("metadata 'best_values' has a non-number for \(key)") }
                values[key] = v
            }
            bestValues = values
        }
        guard (bestEpoch == 0) == (bestValues == nil) else { throw fail("metadata 'best_epoch' and 'best_values' disagree") }
        if let text = metadata["first_loss"] {
            guard let v = Double(text), v.isFinite else { throw fail("metadata 'first_loss' is not finite") }
            firstLoss = v
        }
    }
}

extension JSONEncoder {
    /// Key-sorted output, for stable files.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
