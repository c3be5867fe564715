import Foundation

/// Lines quoted from the project's sources for the report's code answers: the declaration that
/// starts at the first line containing `anchor` (through its closing brace), so the quote follows
/// the code as it changes.
public struct SourceQuote: Sendable, Equatable {
    /// The file, relative to the package root.
    public let path: String
    /// 1-based first and last line.
    public let lines: ClosedRange<Int>
    public let text: String
    /// Swift or C, for highlighting hints.
    public let language: String

    /// Errors finding a quote, naming the file and the anchor.
    public struct NotFound: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The declaration of `anchor` in `path` (relative to `root`), with the `///` or `//`
    /// comment lines directly above it.
    /// - Throws: `NotFound` when the file cannot be read or holds no such line or its braces
    ///   do not close.
    public init(path: String, anchor: String, root: URL) throws {
        let url = root.appendingPathComponent(path)
        guard let source = try? String(contentsOf: url, encoding: .utf8) else {
            throw NotFound(description: "\(path): cannot read the file to quote \(anchor)")
        }
        let all = source.components(separatedBy: "\n")
        guard let start = all.firstIndex(where: { $0.contains(anchor) }) else {
            throw NotFound(description: "\(path): no line contains \(anchor.debugDescription)")
        }
        var first = start
        while first > 0, all[first - 1].trimmingCharacters(in: .whitespaces).hasPrefix("//") { first -= 1 }
        guard let last = Self.closingLine(all, from: start) else {
            throw NotFound(description: "\(path): the braces of \(anchor.debugDescription) do not close")
        }
        self.path = path
        lines = (first + 1)...(last + 1)
        text = all[first...last].joined(separator: "\n")
        language = path.hasSuffix(".c") || path.hasSuffix(".h") ? "c" : "swift"
    }

    /// The line where the braces opened at or after `start` close again, skipping braces in
    /// string literals, character literals and comments.
    static func closingLine(_ lines: [String], from start: Int) -> Int? {
        var depth = 0, opened = false, inBlockComment = false
        for index in start..<lines.count {
            var inString = false, escaped = false, previous: Character = " "
            for ch in lines[index] {
                defer { previous = ch }
                if inBlockComment {
                    if previous == "*" && ch == "/" { inBlockComment = false }
                    continue
                }
                if inString {
                    if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
                    continue
                }
                if previous == "/" && ch == "/" { break }
                if previous == "/" && ch == "*" { inBlockComment = true; continue }
                switch ch {
                case "\"": inString = true
                case "{": depth += 1; opened = true
                case "}": depth -= 1
                default: break
                }
            }
            if opened && depth == 0 { return index }
        }
        return nil
    }
}
