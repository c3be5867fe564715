/// The exit statuses of every Tinyformer executable.
public enum ExitStatus: Int32, Sendable {
    /// The work was done (or there was nothing left to do, as for a finished run resumed).
    case success = 0
    /// The work failed: unreadable or malformed input files, a corrupt or foreign checkpoint, a
    /// diverged run, a file that could not be written.
    case failure = 1
    /// The command line is wrong: an unknown flag, a missing or unusable flag value (EX_USAGE).
    case usage = 64
}
