import Foundation
import TinyformerIO

/// Errors from reading, deriving or loading the Pig Latin datasets. Every case names the file
/// (and, for a bad line, its 1-based line number) so the message can be acted on directly.
public enum DataError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A file could not be read or written (missing, unreadable, not UTF-8, …).
    case cannotAccess(path: String, reason: String)
    /// A line of a data file is not in the expected format.
    case malformedLine(path: String, line: Int, reason: String)
    /// A file holds no usable entries.
    case empty(path: String)
    /// The source text has fewer distinct words than the selection asks for.
    case notEnoughWords(path: String, found: Int, needed: Int)
    /// An argument is out of range (batch size, split percentage, …).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .cannotAccess(path, reason):
            return "\(path): \(reason)"
        case let .malformedLine(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .empty(path):
            return "\(path): no data (the file is empty or holds only blank lines)"
        case let .notEnoughWords(path, found, needed):
            return "\(path): \(found) distinct words, but the selection needs \(needed)"
        case let .invalidArgument(message):
            return message
        }
    }
}

/// Reads a whole UTF-8 text file, mapping failures to `DataError.cannotAccess`.
func readText(_ url: URL) throws -> String {
    do {
        return try InputFile.readText(url)
    } catch {
        throw DataError.cannotAccess(path: url.path, reason: error.reason)
    }
}
