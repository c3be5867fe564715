import Foundation
import Testing
import TinyformerNMT
import TinyformerTestSupport

/// The course's shared data folder, `<package root>/../shared/data`, and the committed fixtures.
enum SharedData {
    static let directory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let reference = directory.appendingPathComponent("reference")
    static let fixtures = packageRoot.appendingPathComponent("Fixtures/piglatin")

    /// Whether `../shared/data` exists (tests needing it are skipped otherwise).
    static var available: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static let skipMessage: Comment = "the course's shared data folder \(directory.path) was not found"

    /// The "english piglatin" lines of a reference file, split into fields (no validation).
    static func referenceLines(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: reference.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }

    /// Whether a word is made only of a–z and '-'.
    static func inVocabulary(_ word: String) -> Bool {
        !word.isEmpty && word.allSatisfy { $0 == "-" || ($0.asciiValue.map { (97...122).contains($0) } ?? false) }
    }
}
