/// The shape and options of one `TransformerBlock`. The defaults are the minimal block (one head,
/// no output projection, no LayerNorm, a single Linear(C, C) + ReLU MLP, no dropout); the presets
/// give GPT-2-, BERT- and CLIP-style blocks.
///
/// Codable as JSON with these keys (missing keys take the defaults):
///
///     {"width":64,"heads":1,"mlpWidth":null,"activation":"relu","normalization":"none",
///      "layerNormEpsilon":1e-5,"attentionOutputProjection":false,"attentionDropout":0,
///      "residualDropout":0,"causal":false,"crossAttention":false}
public struct TransformerBlockConfig: Codable, Sendable, Hashable {
    /// Where the LayerNorms sit.
    public enum Normalization: String, Codable, Sendable, CaseIterable {
        /// No LayerNorm at all: x ← x + f(x).
        case none
        /// Pre-LN (GPT-2, CLIP): x ← x + f(LN(x)).
        case preLayerNorm = "pre"
        /// Post-LN (the original Transformer, BERT): x ← LN(x + f(x)).
        case postLayerNorm = "post"
    }

    /// Model width C.
    public var width: Int
    /// Attention heads, interleaved in the channels; scores are divided by √(C/heads).
    public var heads: Int
    /// The MLP's hidden width M (`intermediate_size`): MLP(x) = W_proj·act(W_fc·x). nil: the
    /// single Linear(C, C) followed by the activation.
    public var mlpWidth: Int?
    public var activation: Activation
    public var normalization: Normalization
    /// ε of every LayerNorm (`layer_norm_eps`).
    public var layerNormEpsilon: Float
    /// An output projection W_o after each attention (`…attention.output.*`).
    public var attentionOutputProjection: Bool
    /// Dropout on the attention probabilities in training (`attention_probs_dropout_prob`).
    public var attentionDropout: Float
    /// Dropout on each sublayer's output before its residual add in training
    /// (`hidden_dropout_prob`).
    public var residualDropout: Float
    /// Self-attention sees only earlier positions (a decoder).
    public var causal: Bool
    /// A cross-attention sublayer over an encoder's output (the encoder–decoder's decoder).
    public var crossAttention: Bool

    public init(width: Int, heads: Int = 1, mlpWidth: Int? = nil, activation: Activation = .relu,
                normalization: Normalization = .none, layerNormEpsilon: Float = 1e-5,
                attentionOutputProjection: Bool = false, attentionDropout: Float = 0, residualDropout: Float = 0,
                causal: Bool = false, crossAttention: Bool = false) {
        self.width = width
        self.heads = heads
        self.mlpWidth = mlpWidth
        self.activation = activation
        self.normalization = normalization
        self.layerNormEpsilon = layerNormEpsilon
        self.attentionOutputProjection = attentionOutputProjection
        self.attentionDropout = attentionDropout
        self.residualDropout = residualDropout
        self.causal = causal
        self.crossAttention = crossAttention
    }

    /// A GPT-2 block: pre-LN, causal, output projection, MLP 4C with tanh-GELU.
    public static func gpt2(width: Int, heads: Int, dropout: Float = 0.1) -> TransformerBlockConfig {
        TransformerBlockConfig(width: width, heads: heads, mlpWidth: 4 * width, activation: .geluTanh,
                               normalization: .preLayerNorm, attentionOutputProjection: true, attentionDropout: dropout,
                               residualDropout: dropout, causal: true)
    }

    /// A BERT encoder block: post-LN (ε 1e-12), output projection, erf-GELU MLP.
    public static func bert(width: Int, heads: Int, intermediateWidth: Int, dropout: Float = 0.1,
                            layerNormEpsilon: Float = 1e-12) -> TransformerBlockConfig {
        TransformerBlockConfig(width: width, heads: heads, mlpWidth: intermediateWidth, activation: .gelu,
                               normalization: .postLayerNorm, layerNormEpsilon: layerNormEpsilon,
                               attentionOutputProjection: true, attentionDropout: dropout, residualDropout: dropout)
    }

    /// A CLIP encoder block: pre-LN (ε 1e-5), output projection, quickGELU MLP, no dropout;
    /// causal for the text tower.
    public static func clip(width: Int, heads: Int, intermediateWidth: Int, activation: Activation = .quickGELU,
                            causal: Bool, layerNormEpsilon: Float = 1e-5) -> TransformerBlockConfig {
        TransformerBlockConfig(width: width, heads: heads, mlpWidth: intermediateWidth, activation: activation,
                               normalization: .preLayerNorm, layerNormEpsilon: layerNormEpsilon,
                               attentionOutputProjection: true, causal: causal)
    }

    /// Checks every field.
    /// - Throws: `ModuleError.invalidConfiguration` naming the field and its value.
    public func validate() throws {
        func fail(_ message: String) -> ModuleError { .invalidConfiguration("TransformerBlockConfig: \(message)") }
        guard (1...65_536).contains(width) else { throw fail("width must be in 1…65536, got \(width)") }
        guard heads >= 1, width % heads == 0 else { throw fail("heads must be positive and divide width \(width), got \(heads)") }
        if let mlpWidth, !(1...262_144).contains(mlpWidth) { throw fail("mlpWidth must be in 1…262144, got \(mlpWidth)") }
        guard layerNormEpsilon >= 0, layerNormEpsilon.isFinite else {
            throw fail("layerNormEpsilon must be finite and ≥ 0, got \(layerNormEpsilon)")
        }
        for (name, p) in [("attentionDropout", attentionDropout), ("residualDropout", residualDropout)] where !(p >= 0 && p < 1) {
            throw fail("\(name) must be in [0, 1), got \(p)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case width, heads, mlpWidth, activation, normalization, layerNormEpsilon, attentionOutputProjection
        case attentionDropout, residualDropout, causal, crossAttention
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(width: try c.decode(Int.self, forKey: .width),
                  heads: try c.decodeIfPresent(Int.self, forKey: .heads) ?? 1,
                  mlpWidth: try c.decodeIfPresent(Int.self, forKey: .mlpWidth),
                  activation: try c.decodeIfPresent(Activation.self, forKey: .activation) ?? .relu,
                  normalization: try c.decodeIfPresent(Normalization.self, forKey: .normalization) ?? .none,
                  layerNormEpsilon: try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5,
                  attentionOutputProjection: try c.decodeIfPresent(Bool.self, forKey: .attentionOutputProjection) ?? false,
                  attentionDropout: try c.decodeIfPresent(Float.self, forKey: .attentionDropout) ?? 0,
                  residualDropout: try c.decodeIfPresent(Float.self, forKey: .residualDropout) ?? 0,
                  causal: try c.decodeIfPresent(Bool.self, forKey: .causal) ?? false,
                  crossAttention: try c.decodeIfPresent(Bool.self, forKey: .crossAttention) ?? false)
    }
}
