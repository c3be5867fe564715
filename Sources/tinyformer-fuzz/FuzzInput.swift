import Foundation

/// A fuzzer's input as the pieces a target needs: the bytes split at NUL bytes (a target that
/// reads two files takes the part before the first NUL as one and the rest as the other), and
/// scratch files in memory-backed storage for loaders that read from paths.
struct FuzzInput {
    let bytes: [UInt8]

    /// The first `count` parts of the input split at NUL bytes; missing parts are empty.
    func parts(_ count: Int) -> [[UInt8]] {
        var parts = bytes.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false).map(Array.init)
        while parts.count < count { parts.append([]) }
        return parts
    }

    /// The input as text (invalid UTF-8 repaired), for targets that encode a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A folder that holds `files`, written afresh for every input.
    static func folder(_ files: [String: [UInt8]]) throws -> URL {
        let folder = scratch
        for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    /// One scratch folder per process (libFuzzer runs inputs one after another).
    static let scratch: URL = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let url = URL(fileURLWithPath: base).appendingPathComponent("tinyformer-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}
