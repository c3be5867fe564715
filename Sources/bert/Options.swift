import ArgumentParser
import Foundation
import TinyformerBERT

extension FineTuneMode: ExpressibleByArgument {}
extension BertPooling: ExpressibleByArgument {}

/// Rejects an empty path argument by flag name.
func nonEmpty(_ path: String, _ flag: String) throws -> String {
    guard !path.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("\(flag): the path is empty") }
    return path
}

/// The model folder a `--model` argument names ("minilm" or a path).
func modelFolder(_ argument: String) throws -> URL {
    _ = try nonEmpty(argument, "--model")
    return try BertFolder.resolve(argument, executable: URL(fileURLWithPath: CommandLine.arguments[0]))
}

/// Writes `value` as JSON to `path` (atomically) and says so.
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    try TinyformerBERT.writeJSON(value, to: URL(fileURLWithPath: try nonEmpty(path, "--json")), encoder: encoder)
    print("wrote \(path)")
}
