// A Hugging Face BERT model folder: config.json, model.safetensors and the tokenizer files.
import Foundation
import TinyformerIO
import TinyformerNN

/// A Hugging Face BERT folder as `save_pretrained` writes it — `config.json`, `model.safetensors`
/// and the tokenizer's `vocab.txt` (+ `tokenizer_config.json`, `special_tokens_map.json`) — read
/// (`loadModel`, `tokenizer`) or written (`write`).
///
/// ```swift
/// let folder = try BertFolder(URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let (model, report) = try folder.loadModel()
/// let tokenizer = try folder.tokenizer()
/// ```
public struct BertFolder: Sendable {
    /// The folder.
    public let url: URL
    /// Its `config.json`, validated.
    public let config: BertConfig

    /// The file names of a folder.
    public enum Files {
        public static let config = "config.json"
        public static let weights = "model.safetensors"
        public static let vocabulary = "vocab.txt"
        /// The tokenizer files copied when a folder is written from another one.
        public static let tokenizer = ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json"]
    }

    /// Reads and validates `config.json` of the folder at `url`.
    /// - Throws: `BertError.missingFile` when the folder, its config or its weights are missing
    ///   (naming `pytorch_model.bin` when only that is there), and the errors of
    ///   `BertConfig.read(from:)`.
    public init(_ url: URL) throws(BertError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingFile(path: url.path, hint: "expected a Hugging Face BERT folder (config.json, model.safetensors, vocab.txt)")
        }
        self.url = url
        config = try BertConfig.read(from: url.appendingPathComponent(Files.config))
        let weights = url.appendingPathComponent(Files.weights)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            let pickle = FileManager.default.fileExists(atPath: url.appendingPathComponent("pytorch_model.bin").path)
            throw .missingFile(path: weights.path, hint: pickle
                ? "the folder has only pytorch_model.bin; convert it with transformers (`model.save_pretrained(dir, safe_serialization=True)`)"
                : "a Hugging Face BERT folder holds its weights in model.safetensors")
        }
    }

    /// The folder's `model.safetensors`.
    public var weightsURL: URL { url.appendingPathComponent(Files.weights) }

    /// Whether `model.safetensors` holds pooler weights (a masked-LM checkpoint has none); reads
    /// the header only.
    /// - Throws: `SafeTensorsError` for an unreadable file.
    public func hasPooler() throws -> Bool {
        try SafeTensorsFile(contentsOf: weightsURL).names.contains { $0 == "pooler.dense.weight" || $0 == "bert.pooler.dense.weight" }
    }

    /// The folder's WordPiece tokenizer (`vocab.txt`, configured by `tokenizer_config.json`).
    /// - Throws: `TokenizerError` naming the file.
    public func tokenizer() throws -> WordPieceTokenizer {
        try WordPieceTokenizer(modelDirectory: url)
    }

    /// Parameters a load initialised instead of reading them (Hugging Face's "newly
    /// initialized" warning), by Hugging Face name; empty when the file held everything.
    public struct LoadReport: Sendable, Equatable {
        public var initialized: [String] = []
    }

    /// The folder's `BertModel`: every parameter from `model.safetensors` (names with or without
    /// `bert.`; buffers and the heads of `BertForMaskedLM`/`BertForPreTraining`/
    /// `BertForSequenceClassification` skipped), strictly: any missing, unexpected or mis-shaped
    /// tensor is an error listing them all. The one exception: when the file has no pooler (a
    /// masked-LM checkpoint) and `initializingMissingPooler`, the pooler is initialised as
    /// transformers does and listed in the report.
    /// - Parameters:
    ///   - pooler: build the pooler at all (false: its tensors are skipped).
    ///   - dropout: overrides every dropout probability of the config (nil: the config's).
    ///   - seed: draws the initialisation of anything not read.
    /// - Throws: `ModuleError.checkpoint` listing every mismatch, `SafeTensorsError` for a bad
    ///   file, `BertError` for a bad config.
    public func loadModel(pooler: Bool = true, initializingMissingPooler: Bool = false, dropout: Float? = nil,
                          seed: UInt64 = 0) throws -> (model: BertModel, report: LoadReport) {
        let config = dropout.map { self.config.withDropout($0) } ?? self.config
        let file = try SafeTensorsFile(contentsOf: weightsURL)
        let table = BertNameTable.model(layers: config.layers, pooler: true)
        let mapping = CheckpointMapping.huggingFaceBert(
            table, strippingPrefix: "bert.", skippingPrefixes: ["cls.", "classifier."] + (pooler ? [] : ["pooler."]))
        let filePooler = file.names.contains { mapping.resolve($0)?.parameter.hasPrefix("pooler.") == true }
        var report = LoadReport()
        let buildPooler = pooler && (filePooler || !initializingMissingPooler)
        let model = try BertModel(config: config, pooler: buildPooler, seed: seed)
        try model.load(from: file, mapping: mapping)
        if pooler && !buildPooler {
            try model.addPooler(seed: seed)
            report.initialized = ["pooler.dense.weight", "pooler.dense.bias"]
        }
        return (model, report)
    }

    /// Writes a Hugging Face folder at `url`: `config` as `config.json`, `weights` (Hugging Face
    /// names) as `model.safetensors` with metadata `{"format": "pt"}`, and the tokenizer files
    /// of `tokenizerSource` that exist. Every file is written atomically.
    /// - Throws: `BertError.invalidArgument` for an empty path, the write errors otherwise.
    public static func write(config: BertConfig, weights: [String: SafeTensorsEntry], tokenizerSource: URL,
                             to url: URL) throws {
        guard !url.path.isEmpty else { throw BertError.invalidArgument("the output folder path is empty") }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in Files.tokenizer {
            let source = tokenizerSource.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            let data: Data
            do { data = try Data(contentsOf: source) } catch {
                throw BertError.unreadableFile(path: source.path, reason: error.localizedDescription)
            }
            try AtomicFile.write(data, to: url.appendingPathComponent(name))
        }
        try JSONFile.write(config, to: url.appendingPathComponent(Files.config))
        try SafeTensorsFile.write(weights, metadata: ["format": "pt"], to: url.appendingPathComponent(Files.weights))
    }
}
