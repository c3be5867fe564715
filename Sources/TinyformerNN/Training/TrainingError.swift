/// Errors of training runs: configurations, divergence, run folders and checkpoints. Each
/// message names the setting, step or file.
public enum TrainingError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalidConfiguration(String)
    /// The loss became NaN, infinite, or exploded past the divergence threshold; training
    /// stopped. `checkpoint` is the run's kept checkpoint, when it has one.
    case diverged(epoch: Int, step: Int, loss: Float, reason: String, checkpoint: String?)
    case missingRun(path: String, reason: String)
    case corruptCheckpoint(path: String, reason: String)
    /// A resumed run whose saved state belongs to another configuration or data.
    case resumeMismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message): return "invalid training configuration: \(message)"
        case let .diverged(epoch, step, loss, reason, checkpoint):
            let kept = checkpoint.map { "the last good checkpoint is \($0)" } ?? "no checkpoint was kept yet"
            return "training diverged at epoch \(epoch), step \(step) (loss \(loss), \(reason)); stopped, \(kept)"
        case let .missingRun(path, reason): return "\(path): \(reason)"
        case let .corruptCheckpoint(path, reason): return "\(path): corrupt checkpoint: \(reason)"
        case let .resumeMismatch(path, reason): return "\(path): cannot resume: \(reason)"
        }
    }
}
