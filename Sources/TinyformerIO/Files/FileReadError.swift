/// A file that could not be read, and why, in words a person can act on (never a bare
/// `NSCocoaErrorDomain` code).
public struct FileReadError: Error, Equatable, CustomStringConvertible, Sendable {
    public let path: String
    /// What is wrong: "no such file", "is a folder, not a file", "permission denied", …
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read \(path): \(reason)" }
}
