import Foundation

/// Errors reading run records (CSV logs, JSON files).
public enum RunRecordError: Error, Equatable, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        }
    }
}

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
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RunRecordError.unreadable(path: url.path, reason: error.localizedDescription)
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

/// Reading and writing Codable values as JSON files, atomically, with errors naming the file.
public enum JSONFile {
    /// Pretty-printed, key-sorted JSON (stable diffs), written with temp file + rename.
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(value), to: url, createDirectories: true)
    }

    /// Decodes `url`; a missing file or bad content throws `RunRecordError` naming the file.
    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunRecordError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw RunRecordError.malformed(path: url.path, line: 1, reason: "not a valid \(T.self): \(error)")
        }
    }
}
