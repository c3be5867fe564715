import Foundation

/// Encodes `value` as pretty-printed JSON and writes it atomically (temp file + rename).
public func writeJSONAtomically<T: Encodable>(_ value: T, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(value).write(to: url, options: .atomic)
}
