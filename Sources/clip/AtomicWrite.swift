import Foundation
import TinyformerIO

/// Files the commands write, atomically (temporary file + rename).
enum AtomicWrite {
    static func text(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url, createDirectories: true)
    }

    /// A Codable value as a JSON file (the library's `JSONFile`).
    static func json<T: Encodable>(_ value: T, to url: URL) throws {
        try JSONFile.write(value, to: url)
    }
}
