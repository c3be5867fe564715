import Foundation

/// A CSV file of per-epoch (or per-run) metrics with a fixed header. Every `append` rewrites the
/// file atomically, so a crash never leaves a half-written row, and a resumed run can reopen it.
/// Values are written as given; fields must not contain commas, quotes or newlines (metrics don't).
public struct CSVLog: Sendable {
    public let url: URL
    public let columns: [String]
    public private(set) var rows: [[String]]

    /// A new, empty log (the file is written on the first `append`, or by `save()`).
    public init(url: URL, columns: [String]) {
        self.url = url
        self.columns = columns
        self.rows = []
    }

    /// Reopens an existing log; its header must equal `columns`.
    public static func open(url: URL, columns: [String]) throws -> CSVLog {
        let text: String
        do {
            text = try InputFile.readText(url)
        } catch {
            throw RunRecordError.unreadable(path: url.path, reason: error.reason)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.first, header.split(separator: ",", omittingEmptySubsequences: false).map(String.init) == columns else {
            throw RunRecordError.malformed(path: url.path, line: 1, reason: "expected the header \(columns.joined(separator: ","))")
        }
        var log = CSVLog(url: url, columns: columns)
        for (offset, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns.count else {
                throw RunRecordError.malformed(path: url.path, line: offset + 2, reason: "expected \(columns.count) fields, found \(fields.count)")
            }
            log.rows.append(fields)
        }
        return log
    }

    /// Appends one row (one value per column) and rewrites the file atomically.
    public mutating func append(_ values: [String]) throws {
        guard values.count == columns.count else {
            throw RunRecordError.malformed(path: url.path, line: rows.count + 2, reason: "expected \(columns.count) values, got \(values.count)")
        }
        rows.append(values)
        try save()
    }

    /// Keeps only the first `count` rows (a resumed run drops rows written after its checkpoint).
    public mutating func keepFirst(_ count: Int) throws {
        rows = Array(rows.prefix(max(0, count)))
        try save()
    }

    /// Writes the header and every row atomically.
    public func save() throws {
        let text = ([columns] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        try AtomicFile.write(text, to: url, createDirectories: true)
    }
}
