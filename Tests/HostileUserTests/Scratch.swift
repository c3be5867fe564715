import Foundation
import Testing

/// A temporary working folder for one test, with the tiny data the executables train on.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// The first `count` pairs of the committed small Pig Latin set, as `name`.
    @discardableResult
    func pairs(_ count: Int, name: String = "pairs.txt") throws -> String {
        let lines = try String(contentsOf: Self.smallSet, encoding: .utf8).split(separator: "\n").prefix(count)
        return try write(name, lines.joined(separator: "\n") + "\n")
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let smallSet = packageRoot.appendingPathComponent("Fixtures/piglatin/small.txt")
}

/// Every file under a folder and its bytes: taken before and after a refused command to show
/// that nothing was touched.
struct FolderSnapshot: Equatable {
    let files: [String: Data]

    init(_ url: URL) {
        var files: [String: Data] = [:]
        let root = url.standardizedFileURL.path
        if let walker = FileManager.default.enumerator(atPath: root) {
            for case let relative as String in walker {
                let full = root + "/" + relative
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[relative] = FileManager.default.contents(atPath: full) ?? Data()
                }
            }
        }
        self.files = files
    }
}

/// The commands the suite trains with: a tiny model that trains in well under a second.
enum TinyRun {
    static func train(data: String, out: String, epochs: Int = 3, extra: [String] = []) -> [String] {
        ["train", "--data", data, "--out", out, "--hidden", "8", "--layers", "1", "--batch-size", "16", "--epochs", String(epochs)]
            + extra
    }

    /// Trains a run in `scratch` and returns its folder's path.
    @discardableResult
    static func trained(_ scratch: Scratch, name: String = "run", epochs: Int = 3, pairs: Int = 60) throws -> String {
        let data = try scratch.pairs(pairs)
        let out = scratch.path(name)
        let result = try ToolProcess.run("nmt", train(data: data, out: out, epochs: epochs), in: scratch.url)
        try #require(result.status == 0, "training the fixture run failed: \(result.stderr)")
        return out
    }
}

extension ToolResult {
    /// Standard error holds no raw control character but the line breaks.
    var stderrIsTerminalSafe: Bool {
        !stderr.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }
}
