// Model folders by name: `minilm` is all-MiniLM-L6-v2 as Scripts/fetch-minilm puts it.
import Foundation
import TinyformerIO

extension BertFolder {
    /// The folder `Scripts/fetch-minilm` fills, relative to the repository.
    public static let miniLMPath = "models/all-MiniLM-L6-v2"

    /// The folder a `--model` argument names: "minilm" is `models/all-MiniLM-L6-v2`, looked for
    /// in the current directory, then in `$TINYFORMER_ROOT`, then above the executable (a
    /// `.build/<config>/` product of this repository); anything else is a path.
    /// - Throws: `BertError.invalidArgument` for an empty argument, `BertError.missingFile`
    ///   naming `Scripts/fetch-minilm` when MiniLM is nowhere.
    public static func resolve(_ argument: String, executable: URL? = nil) throws(BertError) -> URL {
        guard !argument.isEmpty else { throw .invalidArgument("--model: the path is empty") }
        guard argument.lowercased() == "minilm" else { return URL(fileURLWithPath: argument) }
        var roots = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let root = ProcessInfo.processInfo.environment["TINYFORMER_ROOT"], !root.isEmpty { roots.append(URL(fileURLWithPath: root)) }
        if let executable {
            var url = executable.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                roots.append(url)
                url = url.deletingLastPathComponent()
            }
        }
        for root in roots {
            let candidate = root.appendingPathComponent(miniLMPath)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(Files.weights).path) { return candidate }
        }
        throw .missingFile(path: miniLMPath, hint: "download all-MiniLM-L6-v2 with Scripts/fetch-minilm (from the repository root), or pass --model DIR")
    }
}

extension BertFolder {
    /// The tokenizer of a folder that may hold only tokenizer files (no config or weights).
    /// - Throws: `BertError.missingFile` without `vocab.txt`, else `TokenizerError`.
    public static func tokenizer(at url: URL) throws -> WordPieceTokenizer {
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(Files.vocabulary).path) else {
            throw BertError.missingFile(path: url.appendingPathComponent(Files.vocabulary).path,
                                        hint: "a BERT tokenizer folder holds vocab.txt (and tokenizer_config.json)")
        }
        return try WordPieceTokenizer(modelDirectory: url)
    }
}
