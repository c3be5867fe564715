import Foundation
import TinyformerIO
import TinyformerPlot

/// Writing results: files go through `AtomicFile` (temporary file + rename).
enum Output {
    static func write(_ text: String, to path: String) throws {
        try AtomicFile.write(text, to: URL(fileURLWithPath: path), createDirectories: true)
        progress("wrote \(path)")
    }

    static func write(_ text: String, directory: String, name: String) throws {
        try write(text, to: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
    }

    /// A progress line on standard error (standard output carries the results).
    @Sendable static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
