import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// The files of a Hugging Face CLIP folder that the model reads and writes.
public enum ClipFiles {
    public static let config = "config.json"
    public static let weights = "model.safetensors"
    public static let preprocessor = "preprocessor_config.json"
    public static let vocabulary = "vocab.json"
    public static let merges = "merges.txt"
}

extension ClipModel {
    /// Loads a Hugging Face CLIP folder (`config.json` + `model.safetensors`, as
    /// `CLIPModel.save_pretrained` writes it or as downloaded from the Hub), in evaluation mode.
    /// F16 and BF16 weights are converted to Float32 tensor by tensor.
    /// - Throws: `ClipError.missingFile` / `.unreadableFile` / `.invalidConfiguration` for the
    ///   configuration; `.checkpointMismatch` listing every missing, unexpected and mis-shaped
    ///   tensor by its Hugging Face name; `.nonFiniteWeight`; `.unreadableFile` for a malformed
    ///   safetensors file.
    public static func load(directory: URL) throws -> ClipModel {
        let config = try ClipConfig(contentsOf: directory.appendingPathComponent(ClipFiles.config))
        let weights = directory.appendingPathComponent(ClipFiles.weights)
        guard FileManager.default.fileExists(atPath: weights.path) else {
            let hasIndex = FileManager.default.fileExists(atPath: weights.path + ".index.json")
            let hasBin = FileManager.default.fileExists(atPath: directory.appendingPathComponent("pytorch_model.bin").path)
            let reason = hasIndex ? "sharded checkpoints (model.safetensors.index.json) are not supported"
                : hasBin ? "only pytorch_model.bin is there; convert it to model.safetensors" : "no model.safetensors"
            throw ClipError.unreadableFile(path: weights.path, reason: reason)
        }
        let file: SafeTensorsFile
        do {
            file = try SafeTensorsFile(contentsOf: weights)
        } catch {
            throw ClipError.unreadableFile(path: weights.path, reason: "\(error)")
        }
        var generator = SeededGenerator(seed: 0)
        let model = try ClipModel(config: config, initializing: false, using: &generator)
        try model.loadHuggingFace(file)
        model.eval()
        return model
    }

    /// Loads a Hugging Face `CLIPModel` state dict (all or nothing).
    /// - Throws: `ClipError.checkpointMismatch` (Hugging Face names), `.nonFiniteWeight`.
    public func loadHuggingFace(_ file: SafeTensorsFile) throws {
        do {
            try load(from: file, mapping: ClipNameTable.loadingMapping)
        } catch let ModuleError.checkpoint(.mismatch(mismatch)) {
            throw ClipError.checkpointMismatch(CheckpointMismatch(
                source: mismatch.source, missing: mismatch.missing.map(ClipNameTable.huggingFaceName),
                unexpected: mismatch.unexpected,
                misshaped: mismatch.misshaped.map { m in
                    ShapeMismatch(parameter: ClipNameTable.huggingFaceName(m.parameter), tensor: m.tensor,
                                  expected: m.parameter == ClipNameTable.patchEmbedding ? patchWeightShape : m.expected,
                                  stored: m.stored, found: m.parameter == ClipNameTable.patchEmbedding ? m.stored : m.found)
                },
                ambiguous: mismatch.ambiguous))
        } catch let ModuleError.checkpoint(.nonFiniteValue(source, tensor, _, _, index, _)) {
            throw ClipError.nonFiniteWeight(path: source, tensor: tensor, index: index)
        }
    }

    /// The state dict under Hugging Face's names and shapes (the patch embedding as (C, K, p, p)).
    public func huggingFaceStateDict() -> [String: SafeTensorsEntry] {
        var tensors: [String: SafeTensorsEntry] = [:]
        for (name, tensor) in namedParameters {
            let shape = name == ClipNameTable.patchEmbedding ? patchWeightShape : tensor.shape
            tensors[ClipNameTable.huggingFaceName(name)] = SafeTensorsEntry(shape: shape, scalars: tensor.scalars)
        }
        return tensors
    }

    /// Writes `config.json` and `model.safetensors` into `directory` (created when needed) as
    /// `CLIPModel.save_pretrained` would, each file atomically: transformers'
    /// `CLIPModel.from_pretrained(directory)` loads them.
    public func save(directory: URL) throws {
        try config.write(to: directory.appendingPathComponent(ClipFiles.config))
        try SafeTensorsFile.write(huggingFaceStateDict(), metadata: ["format": "pt"],
                                  to: directory.appendingPathComponent(ClipFiles.weights))
    }

    /// The convolution shape of the patch embedding weight, (C, K, p, p).
    private var patchWeightShape: [Int] {
        let v = config.visionConfig
        return [v.hiddenSize, v.numChannels, v.patchSize, v.patchSize]
    }
}
