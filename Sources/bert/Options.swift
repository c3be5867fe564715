import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI
import TinyformerIO

extension FineTuneMode: ExpressibleByArgument {}
extension BertPooling: ExpressibleByArgument {}

/// The model folder a `--model` argument names: "minilm" (found as `BertFolder.resolve` says, or
/// an error naming `Scripts/fetch-minilm`) or an existing folder, checked before any work.
func modelFolder(_ argument: String, flag: String = "--model") throws -> URL {
    if argument.lowercased() == "minilm" {
        return try BertFolder.resolve(argument, executable: URL(fileURLWithPath: CommandLine.arguments[0]))
    }
    return try PathFlag.inputFolder(argument, flag: flag)
}

/// A run folder written by `bert finetune`, checked before loading anything.
func fineTunedRun(_ argument: String) throws -> URL {
    let url = try PathFlag.inputFolder(argument, flag: "--checkpoint")
    guard FileManager.default.fileExists(atPath: url.appendingPathComponent(FineTuneFiles.config).path) else {
        throw CLIError.usage("--checkpoint \(argument): not a fine-tuning run (no \(FineTuneFiles.config)); give a folder written by `bert finetune`")
    }
    return url
}

/// A run folder for `--out`: the path is checked, and the folder must be one the run may take in
/// `mode` (`RunFolder.check`), before any work starts.
func runFolder(_ argument: String, resume: Bool, overwrite: Bool, marker: String) throws -> URL {
    guard !(resume && overwrite) else { throw CLIError.usage("--resume and --overwrite exclude each other") }
    let url = try PathFlag.outputFolder(argument, flag: "--out")
    do {
        try RunFolder.check(url, mode: resume ? .resume : overwrite ? .overwrite : .new, marker: marker)
    } catch {
        throw CLIError.usage("--out: \(error.description)")
    }
    return url
}

/// Lines of standard input when no argument texts were given.
func textsOrStandardInput(_ texts: [String], what: String) throws -> [String] {
    var inputs = texts
    if inputs.isEmpty {
        while let line = readLine() { inputs.append(line) }
    }
    guard !inputs.isEmpty else { throw CLIError.usage("no \(what) given (as arguments or lines on standard input)") }
    return inputs
}

/// Writes `value` as JSON to `url` (atomically) and says so on standard error.
func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
    try JSONFile.write(value, to: url, pretty: false)
    Console.progress("wrote \(url.path)")
}
