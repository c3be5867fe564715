import TinyformerNN

/// The text tower of a CLIP model: Hugging Face's `CLIPTextConfig`, the `text_config` object of
/// `config.json`. Missing keys take `CLIPTextConfig`'s defaults (those of
/// openai/clip-vit-base-patch32's text tower); unknown keys are ignored.
///
///     {"vocab_size": 49408, "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 12,
///      "num_attention_heads": 8, "max_position_embeddings": 77, "hidden_act": "quick_gelu",
///      "layer_norm_eps": 1e-05, "bos_token_id": 49406, "eos_token_id": 49407, "pad_token_id": 1}
public struct ClipTextConfig: Codable, Sendable, Equatable {
    /// Token ids V (`vocab_size`).
    public var vocabSize: Int
    /// Width C of the text transformer (`hidden_size`).
    public var hiddenSize: Int
    /// The MLP's hidden width (`intermediate_size`).
    public var intermediateSize: Int
    /// Encoder layers (`num_hidden_layers`).
    public var numHiddenLayers: Int
    /// Attention heads (`num_attention_heads`); they must divide `hiddenSize`.
    public var numAttentionHeads: Int
    /// Longest token sequence, the context length (`max_position_embeddings`, 77 for OpenAI's).
    public var maxPositionEmbeddings: Int
    /// The MLP activation's Hugging Face name (`hidden_act`): quick_gelu, gelu, gelu_new,
    /// gelu_pytorch_tanh, relu.
    public var hiddenAct: String
    /// ε of every LayerNorm (`layer_norm_eps`).
    public var layerNormEps: Double
    public var bosTokenID: Int?
    /// The end-of-text id (`eos_token_id`). It also picks the pooling rule: 2 — the value
    /// OpenAI's converted checkpoints carry — means "pool at the largest id" (`TextPooling.legacyArgmax`).
    public var eosTokenID: Int
    public var padTokenID: Int?

    public init(vocabSize: Int = 49408, hiddenSize: Int = 512, intermediateSize: Int = 2048, numHiddenLayers: Int = 12,
                numAttentionHeads: Int = 8, maxPositionEmbeddings: Int = 77, hiddenAct: String = "quick_gelu",
                layerNormEps: Double = 1e-5, bosTokenID: Int? = 49406, eosTokenID: Int = 49407, padTokenID: Int? = 1) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.hiddenAct = hiddenAct
        self.layerNormEps = layerNormEps
        self.bosTokenID = bosTokenID
        self.eosTokenID = eosTokenID
        self.padTokenID = padTokenID
    }

    /// The MLP activation (nil for a name the library does not implement).
    public var activation: Activation? { Activation(huggingFaceName: hiddenAct) }

    /// How the text tower picks the position it pools, as Hugging Face's `CLIPTextModel` decides.
    public var pooling: TextPooling { eosTokenID == 2 ? .legacyArgmax : .firstEndToken(eosTokenID) }

    /// The encoder blocks: pre-LN, causal, with output projection.
    public func blockConfig() throws(ClipError) -> TransformerBlockConfig {
        guard let activation else { throw .invalidConfiguration(path: "text_config", key: "hidden_act", reason: "'\(hiddenAct)' is not supported (expected quick_gelu, gelu, gelu_new, gelu_pytorch_tanh or relu)") }
        return .clip(width: hiddenSize, heads: numAttentionHeads, intermediateWidth: intermediateSize,
                     activation: activation, causal: true, layerNormEpsilon: Float(layerNormEps))
    }

    /// Checks every field; `source` names the file in errors.
    public func validate(source: String = "<memory>") throws(ClipError) {
        func check(_ ok: Bool, _ key: String, _ reason: String) throws(ClipError) {
            if !ok { throw .invalidConfiguration(path: source, key: "text_config.\(key)", reason: reason) }
        }
        try check((1...10_000_000).contains(vocabSize), "vocab_size", "\(vocabSize) (expected 1…10,000,000)")
        try ClipConfig.validateTower(source: source, tower: "text_config", hiddenSize: hiddenSize,
                                     intermediateSize: intermediateSize, layers: numHiddenLayers,
                                     heads: numAttentionHeads, activation: hiddenAct, epsilon: layerNormEps)
        try check((2...1_000_000).contains(maxPositionEmbeddings), "max_position_embeddings",
                  "\(maxPositionEmbeddings) (expected 2…1,000,000)")
        try check(eosTokenID >= 0 && eosTokenID < max(vocabSize, 3), "eos_token_id",
                  "\(eosTokenID) (expected an id below vocab_size \(vocabSize))")
    }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case maxPositionEmbeddings = "max_position_embeddings", hiddenAct = "hidden_act", layerNormEps = "layer_norm_eps"
        case bosTokenID = "bos_token_id", eosTokenID = "eos_token_id", padTokenID = "pad_token_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ClipTextConfig()
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize) ?? d.vocabSize
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? d.hiddenSize
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize) ?? d.intermediateSize
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers) ?? d.numHiddenLayers
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads) ?? d.numAttentionHeads
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? d.maxPositionEmbeddings
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? d.hiddenAct
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? d.layerNormEps
        bosTokenID = c.contains(.bosTokenID) ? try c.decodeIfPresent(Int.self, forKey: .bosTokenID) : d.bosTokenID
        eosTokenID = try c.decodeIfPresent(Int.self, forKey: .eosTokenID) ?? d.eosTokenID
        padTokenID = c.contains(.padTokenID) ? try c.decodeIfPresent(Int.self, forKey: .padTokenID) : d.padTokenID
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(hiddenAct, forKey: .hiddenAct)
        try c.encode(layerNormEps, forKey: .layerNormEps)
        try c.encode(bosTokenID, forKey: .bosTokenID)
        try c.encode(eosTokenID, forKey: .eosTokenID)
        try c.encode(padTokenID, forKey: .padTokenID)
    }
}
