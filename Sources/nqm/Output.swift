import Foundation
import TinyformerCLI
import TinyformerIO

/// Where a command's results go: `--out` (a folder) and `--json` (a file), checked before any
/// work so that a bad path fails in milliseconds; files are written through `AtomicFile`.
struct Output {
    let folder: URL
    let json: URL?

    /// Checks `--out` and `--json`.
    init(out: String, json: String?) throws {
        folder = try PathFlag.outputFolder(out, flag: "--out")
        self.json = try json.map { try PathFlag.outputFile($0, flag: "--json") }
    }

    /// Writes `text` as `name` in the output folder.
    func write(_ text: String, name: String) throws {
        try Self.write(text, to: folder.appendingPathComponent(name))
    }

    /// Writes the JSON text, when `--json` was given.
    func writeJSON(_ text: @autoclosure () throws -> String) throws {
        if let json { try Self.write(try text(), to: json) }
    }

    private static func write(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url, createDirectories: true)
        progress("wrote \(url.path)")
    }

    /// A progress line on standard error (standard output carries the results).
    @Sendable static func progress(_ line: String) { Console.progress(line) }
}
