/// Errors of sweeps and of reading them back, each naming the run, folder or setting.
public enum ScalingError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A sweep setting that cannot give a plan (sizes, budgets, epochs).
    case invalidPlan(String)
    /// A `--shard` that is not I/N with 1 ≤ I ≤ N.
    case invalidShard(String)
    /// A folder that is not a sweep (no `sweep.json`, or unreadable).
    case notASweep(path: String, reason: String)
    /// A sweep folder that holds another plan (protocol, seed or settings differ).
    case planMismatch(path: String, reason: String)
    /// A run folder that holds something other than the planned run.
    case runFolderConflict(run: String, path: String, reason: String)
    /// A run's files cannot be read back.
    case unreadableRun(run: String, path: String, reason: String)
    /// A sweep without one finished run to fit; `reasons` names each run's problem.
    case nothingToFit(path: String, reasons: [String])

    public var description: String {
        switch self {
        case let .invalidPlan(message): return "invalid sweep: \(message)"
        case let .invalidShard(message): return "invalid --shard: \(message)"
        case let .notASweep(path, reason): return "\(path) is not a scaling sweep: \(reason)"
        case let .planMismatch(path, reason):
            return "\(path) holds another sweep (\(reason)); use another --out folder, or the same settings to continue it"
        case let .runFolderConflict(run, path, reason): return "run \(run) (\(path)): \(reason)"
        case let .unreadableRun(run, path, reason): return "run \(run) (\(path)): \(reason)"
        case let .nothingToFit(path, reasons):
            return "\(path): no finished run to fit" + reasons.map { "\n  - \($0)" }.joined()
        }
    }
}
