import Foundation

/// Reading and writing Codable values as JSON files, atomically, with errors naming the file.
public enum JSONFile {
    /// Pretty-printed, key-sorted JSON (stable diffs), written with temp file + rename.
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        try write(value, to: url, pretty: true)
    }

    /// Key-sorted JSON, pretty-printed or compact (output for other programs, e.g. large
    /// embedding arrays), written with temp file + rename.
    public static func write<T: Encodable>(_ value: T, to url: URL, pretty: Bool) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(value), to: url, createDirectories: true)
    }

    /// Decodes `url`; a missing file or bad content throws `RunRecordError` naming the file.
    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data: Data
        do {
            data = try InputFile.read(url)
        } catch {
            throw RunRecordError.unreadable(path: url.path, reason: error.reason)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw RunRecordError.malformed(path: url.path, line: 1, reason: "not a valid \(T.self): \(DecodingErrorDescription.describe(error))")
        } catch {
            throw RunRecordError.malformed(path: url.path, line: 1, reason: "not a valid \(T.self): \(error)")
        }
    }
}
