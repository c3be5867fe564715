// Compact JSON files for other programs (the `--json` outputs of the bert executable).
import Foundation
import TinyformerIO

/// Encodes `value` with `encoder` and writes it to `url` atomically (temp file + rename).
public func writeJSON<T: Encodable>(_ value: T, to url: URL, encoder: JSONEncoder = JSONEncoder()) throws {
    try AtomicFile.write(try encoder.encode(value), to: url, createDirectories: true)
}
