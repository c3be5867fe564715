import TinyformerNN

/// The vision tower of a CLIP model (a ViT): Hugging Face's `CLIPVisionConfig`, the
/// `vision_config` object of `config.json`. Missing keys take `CLIPVisionConfig`'s defaults
/// (ViT-B/32 at 224 pixels); unknown keys are ignored. `image_size` and `patch_size` may also be
/// `[n, n]` lists.
///
///     {"hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12, "num_attention_heads": 12,
///      "num_channels": 3, "image_size": 224, "patch_size": 32, "hidden_act": "quick_gelu", "layer_norm_eps": 1e-05}
public struct ClipVisionConfig: Codable, Sendable, Equatable {
    /// Width C of the vision transformer (`hidden_size`).
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    /// Input channels (`num_channels`, 3 for RGB).
    public var numChannels: Int
    /// The square input's side S in pixels (`image_size`).
    public var imageSize: Int
    /// The square patch's side p (`patch_size`): the patch embedding is a convolution with kernel
    /// = stride = p, so the image is cut into (S / p)² non-overlapping patches (pixels past the
    /// last whole patch are ignored, as by the convolution).
    public var patchSize: Int
    public var hiddenAct: String
    public var layerNormEps: Double

    public init(hiddenSize: Int = 768, intermediateSize: Int = 3072, numHiddenLayers: Int = 12, numAttentionHeads: Int = 12,
                numChannels: Int = 3, imageSize: Int = 224, patchSize: Int = 32, hiddenAct: String = "quick_gelu",
                layerNormEps: Double = 1e-5) {
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numChannels = numChannels
        self.imageSize = imageSize
        self.patchSize = patchSize
        self.hiddenAct = hiddenAct
        self.layerNormEps = layerNormEps
    }

    /// Patches per side, S / p (rounded down).
    public var gridSize: Int { imageSize / max(patchSize, 1) }
    /// Number of patches N = (S / p)².
    public var patchCount: Int { gridSize * gridSize }
    /// Positions of the encoder: the class token and the patches, N + 1.
    public var positionCount: Int { patchCount + 1 }

    /// The encoder blocks: pre-LN, not causal, with output projection.
    public func blockConfig() throws(ClipError) -> TransformerBlockConfig {
        guard let activation = Activation(huggingFaceName: hiddenAct) else {
            throw .invalidConfiguration(path: "vision_config", key: "hidden_act", reason: "'\(hiddenAct)' is not supported")
        }
        return .clip(width: hiddenSize, heads: numAttentionHeads, intermediateWidth: intermediateSize,
                     activation: activation, causal: false, layerNormEpsilon: Float(layerNormEps))
    }

    /// Checks every field; `source` names the file in errors.
    public func validate(source: String = "<memory>") throws(ClipError) {
        func check(_ ok: Bool, _ key: String, _ reason: String) throws(ClipError) {
            if !ok { throw .invalidConfiguration(path: source, key: "vision_config.\(key)", reason: reason) }
        }
        try ClipConfig.validateTower(source: source, tower: "vision_config", hiddenSize: hiddenSize,
                                     intermediateSize: intermediateSize, layers: numHiddenLayers,
                                     heads: numAttentionHeads, activation: hiddenAct, epsilon: layerNormEps)
        try check((1...64).contains(numChannels), "num_channels", "\(numChannels) (expected 1…64)")
        try check((1...16_384).contains(imageSize), "image_size", "\(imageSize) (expected 1…16384)")
        try check(patchSize >= 1 && patchSize <= imageSize, "patch_size", "\(patchSize) (expected 1…image_size \(imageSize))")
    }

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size", intermediateSize = "intermediate_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", numChannels = "num_channels", imageSize = "image_size"
        case patchSize = "patch_size", hiddenAct = "hidden_act", layerNormEps = "layer_norm_eps"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ClipVisionConfig()
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        numChannels = try c.decodeIfPresent(Int.self, forKey: .numChannels) ?? d.numChannels
        imageSize = try Self.side(c, .imageSize) ?? d.imageSize
        patchSize = try Self.side(c, .patchSize) ?? d.patchSize
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? d.layerNormEps
    }

    /// An integer, or a list of two equal integers (square images and patches only).
    private static func side(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
        if let n = try? c.decodeIfPresent(Int.self, forKey: key) { return n }
        guard let pair = try c.decodeIfPresent([Int].self, forKey: key) else { return nil }
        guard pair.count == 2, pair[0] == pair[1] else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "\(pair) (expected an integer or two equal integers: only square sizes are supported)")
        }
        return pair[0]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(numChannels, forKey: .numChannels)
        try c.encode(imageSize, forKey: .imageSize)
        try c.encode(patchSize, forKey: .patchSize)
        try c.encode(hiddenAct, forKey: .hiddenAct)
        try c.encode(layerNormEps, forKey: .layerNormEps)
    }
}
