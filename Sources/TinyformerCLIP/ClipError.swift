// Errors of TinyformerCLIP: configuration and checkpoint files, inputs, scoring, training data.
import Foundation
import TinyformerIO
import TinyformerNN

/// Everything that can go wrong loading, running, scoring or training a CLIP model. Each message
/// names the file, tensor or argument and what was expected; nothing a user passes in traps.
public enum ClipError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No file (or folder) at `path`.
    case missingFile(path: String)
    /// The path exists but cannot be read as a file.
    case unreadableFile(path: String, reason: String)
    /// `config.json` (or a configuration built in code) is unusable: `key` is the dotted JSON key.
    case invalidConfiguration(path: String, key: String, reason: String)
    /// `model.safetensors` does not fit the configuration: every missing, unexpected and
    /// mis-shaped tensor, by its Hugging Face name.
    case checkpointMismatch(CheckpointMismatch)
    /// A checkpoint tensor holds NaN or ±inf (Hugging Face name, first bad index).
    case nonFiniteWeight(path: String, tensor: String, index: Int)
    /// A model input of the wrong shape or with out-of-range values (`what` names the argument).
    case invalidInput(what: String, reason: String)
    /// An argument outside its allowed range (a top-k of 0, an empty label list, …).
    case invalidArgument(String)
    /// A cache file that is not ours or does not fit the model (it is then rebuilt, not trusted).
    case invalidCache(path: String, reason: String)

    public var description: String {
        switch self {
        case let .missingFile(path): return "\(path): no such file"
        case let .unreadableFile(path, reason): return "\(path): cannot read the file (\(reason))"
        case let .invalidConfiguration(path, key, reason):
            return key.isEmpty ? "CLIP configuration \(path): \(reason)" : "CLIP configuration \(path): \(key): \(reason)"
        case let .checkpointMismatch(mismatch): return mismatch.description
        case let .nonFiniteWeight(path, tensor, index):
            return "CLIP checkpoint \(path): tensor '\(tensor)' holds a NaN or infinite value at index \(index)"
        case let .invalidInput(what, reason): return "CLIP input \(what): \(reason)"
        case let .invalidArgument(message): return message
        case let .invalidCache(path, reason): return "embedding cache \(path): \(reason)"
        }
    }

    /// The bytes of a regular file, or the error naming it.
    static func readFile(_ url: URL) throws(ClipError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw .missingFile(path: url.path) }
        if isDirectory.boolValue { throw .unreadableFile(path: url.path, reason: "it is a folder") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The dotted JSON key a decoding error is about.
    static func keyPath(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case let .typeMismatch(_, c), let .valueNotFound(_, c), let .dataCorrupted(c): context = c
        case let .keyNotFound(key, c): return (c.codingPath + [key]).map(\.stringValue).joined(separator: ".")
        @unknown default: return ""
        }
        return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// What was wrong, without Swift's type names where a JSON word says it better.
    static func reason(of error: DecodingError) -> String {
        switch error {
        case let .typeMismatch(type, _): return "wrong type (expected \(type == Int.self ? "an integer" : type == Double.self ? "a number" : type == String.self ? "a string" : "\(type)"))"
        case .valueNotFound: return "null where a value is required"
        case .keyNotFound: return "missing"
        case let .dataCorrupted(context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
