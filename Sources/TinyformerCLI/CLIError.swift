/// An error of a command-line front end: a flag value that cannot work (`usage`, exit 64), or
/// work that failed for a reason the message names (`failure`, exit 1). Library errors need no
/// wrapping: `CommandLineTool` prints any error's description and exits 1.
public enum CLIError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A flag's value is unusable (empty path, missing file, out-of-range number, …).
    case usage(String)
    /// The work could not be done.
    case failure(String)

    public var description: String {
        switch self {
        case let .usage(message), let .failure(message): return message
        }
    }

    /// The process exit status for this error.
    public var exitStatus: ExitStatus {
        switch self {
        case .usage: return .usage
        case .failure: return .failure
        }
    }
}
