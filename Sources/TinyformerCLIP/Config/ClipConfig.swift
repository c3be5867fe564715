import Foundation
import TinyformerIO
import TinyformerNN

/// A CLIP model's `config.json`: Hugging Face's `CLIPConfig`, with its `text_config` and
/// `vision_config`. Decoding follows `CLIPConfig.from_dict`: missing keys take the defaults
/// (openai/clip-vit-base-patch32's shapes), unknown keys are ignored, and a non-null
/// `text_config_dict` / `vision_config_dict` (written by old transformers versions) replaces
/// `text_config` / `vision_config`. Encoding writes the keys transformers needs to load the file
/// (`model_type`, `architectures`), so `CLIPModel.from_pretrained` accepts a folder we write.
///
/// ```swift
/// let config = try ClipConfig(contentsOf: folder.appendingPathComponent("config.json"))
/// config.visionConfig.patchCount   // 49 for ViT-B/32 at 224 pixels
/// ```
public struct ClipConfig: Codable, Sendable, Equatable {
    public var textConfig: ClipTextConfig
    public var visionConfig: ClipVisionConfig
    /// Width P of the shared embedding space (`projection_dim`).
    public var projectionDim: Int
    /// The initial value of `logit_scale` (the log of the inverse temperature: ln(1/0.07) = 2.6592).
    public var logitScaleInitValue: Double

    public init(textConfig: ClipTextConfig = ClipTextConfig(), visionConfig: ClipVisionConfig = ClipVisionConfig(),
                projectionDim: Int = 512, logitScaleInitValue: Double = 2.6592) {
        self.textConfig = textConfig
        self.visionConfig = visionConfig
        self.projectionDim = projectionDim
        self.logitScaleInitValue = logitScaleInitValue
    }

    /// Reads and checks `config.json`.
    /// - Throws: `ClipError.missingFile`, `.unreadableFile`, `.invalidConfiguration` naming the key.
    public init(contentsOf url: URL) throws(ClipError) {
        let data = try ClipError.readFile(url)
        do {
            self = try JSONDecoder().decode(ClipConfig.self, from: data)
        } catch let error as DecodingError {
            throw .invalidConfiguration(path: url.path, key: ClipError.keyPath(of: error), reason: ClipError.reason(of: error))
        } catch {
            throw .invalidConfiguration(path: url.path, key: "", reason: "\(error)")
        }
        try validate(source: url.path)
    }

    /// Writes the configuration as transformers does (pretty-printed, sorted keys), atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: url, createDirectories: true)
    }

    /// Checks both towers and the shared fields.
    public func validate(source: String = "<memory>") throws(ClipError) {
        try textConfig.validate(source: source)
        try visionConfig.validate(source: source)
        guard (1...65_536).contains(projectionDim) else {
            throw .invalidConfiguration(path: source, key: "projection_dim", reason: "\(projectionDim) (expected 1…65536)")
        }
        guard logitScaleInitValue.isFinite else {
            throw .invalidConfiguration(path: source, key: "logit_scale_init_value", reason: "\(logitScaleInitValue) (expected a finite number)")
        }
    }

    /// The checks both towers share.
    static func validateTower(source: String, tower: String, hiddenSize: Int, intermediateSize: Int, layers: Int, heads: Int,
                              activation: String, epsilon: Double) throws(ClipError) {
        func check(_ ok: Bool, _ key: String, _ reason: String) throws(ClipError) {
            if !ok { throw .invalidConfiguration(path: source, key: "\(tower).\(key)", reason: reason) }
        }
        try check((1...65_536).contains(hiddenSize), "hidden_size", "\(hiddenSize) (expected 1…65536)")
        try check((1...262_144).contains(intermediateSize), "intermediate_size", "\(intermediateSize) (expected 1…262144)")
        try check((1...1024).contains(layers), "num_hidden_layers", "\(layers) (expected 1…1024)")
        try check(heads >= 1 && hiddenSize % heads == 0, "num_attention_heads",
                  "\(heads) (expected a positive divisor of hidden_size \(hiddenSize))")
        try check(Activation(huggingFaceName: activation) != nil, "hidden_act",
                  "'\(activation)' is not supported (expected quick_gelu, gelu, gelu_new, gelu_pytorch_tanh or relu)")
        try check(epsilon >= 0 && epsilon.isFinite, "layer_norm_eps", "\(epsilon) (expected a finite number ≥ 0)")
    }

    enum CodingKeys: String, CodingKey {
        case textConfig = "text_config", visionConfig = "vision_config", projectionDim = "projection_dim"
        case logitScaleInitValue = "logit_scale_init_value", textConfigDict = "text_config_dict"
        case visionConfigDict = "vision_config_dict", modelType = "model_type", architectures
    }


    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        textConfig = try c.decodeIfPresent(ClipTextConfig.self, forKey: .textConfigDict)
            ?? c.decodeIfPresent(ClipTextConfig.self, forKey: .textConfig) ?? ClipTextConfig()
        visionConfig = try c.decodeIfPresent(ClipVisionConfig.self, forKey: .visionConfigDict)
            ?? c.decodeIfPresent(ClipVisionConfig.self, forKey: .visionConfig) ?? ClipVisionConfig()
        projectionDim = try c.decodeIfPresent(Int.self, forKey: .projectionDim) ?? 512
        logitScaleInitValue = try c.decodeIfPresent(Double.self, forKey: .logitScaleInitValue) ?? 2.6592
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(["CLIPModel"], forKey: .architectures)
        try c.encode("clip", forKey: .modelType)
        try c.encode(projectionDim, forKey: .projectionDim)
        try c.encode(logitScaleInitValue, forKey: .logitScaleInitValue)
        try c.encode(textConfig, forKey: .textConfig)
        try c.encode(visionConfig, forKey: .visionConfig)
    }
}
