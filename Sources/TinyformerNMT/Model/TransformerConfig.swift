import TinyformerNN

/// The shape and options of a `Transformer`. The defaults are the course-faithful preset
/// (CSC413-style Pig Latin transformer): one attention head without output projection, no
/// LayerNorm, a single-Linear ReLU MLP, no dropout. Everything beyond the course is opt-in.
///
/// Codable as JSON with these exact keys (the `config.json` of a run and the `config` metadata
/// of the PyTorch twin's fixtures, `Scripts/nmt_torch_twin.py`); keys missing when decoding take
/// their defaults, so older configs keep loading:
///
///     {"architecture":"encoderDecoder","vocabularySize":30,"hiddenSize":32,"layers":3,"heads":1,
///      "preLayerNorm":false,"mlpMultiplier":1,"activation":"relu","attentionOutputProjection":false,
///      "dropout":0,"maxLength":64,"seed":0}
public struct TransformerConfig: Codable, Sendable, Equatable, Hashable {
    /// Which model: the course's encoder–decoder, or a single causal stack over
    /// SOS + source + EOP + target.
    public enum Architecture: String, Codable, Sendable, CaseIterable {
        case encoderDecoder
        case decoderOnly
    }

    /// The MLP nonlinearity: ReLU (the course), exact (erf) GELU (`F.gelu`), tanh-GELU or
    /// quickGELU.
    public typealias Activation = TinyformerNN.Activation

    public var architecture: Architecture
    /// Number of token ids: the characters of the run's `Vocabulary` plus SOS, EOS, EOP (30 for
    /// the Pig Latin vocabulary; the trainer sets it from the data's vocabulary).
    public var vocabularySize: Int
    /// Model width h (C in the shape comments).
    public var hiddenSize: Int
    /// Layers per stack (the encoder and the decoder each have this many).
    public var layers: Int
    /// Attention heads, interleaved in the channels; scores are divided by √(h/heads). With
    /// heads > 1 the heads' outputs are only concatenated unless `attentionOutputProjection` is on
    /// (then W_o mixes them, as in `nn.MultiheadAttention`).
    public var heads: Int
    /// Pre-LayerNorm layers (x + f(LN(x))) with a final LayerNorm per stack. Off in the course,
    /// which has no LayerNorm at all.
    public var preLayerNorm: Bool
    /// MLP width multiplier m. 1 (the course): MLP(x) = act(Linear(h, h)(x)); m > 1: the usual
    /// MLP(x) = Linear(m·h, h)(act(Linear(h, m·h)(x))) (parameters `mlp.fc` and `mlp.proj`).
    public var mlpMultiplier: Int
    public var activation: Activation
    /// An output projection Linear(h, h) after each attention (`…attention.output.*`); the
    /// course has none.
    public var attentionOutputProjection: Bool
    /// Dropout probability on the embeddings and on every sublayer output before its residual
    /// add, in training only (0 in the course).
    public var dropout: Float
    /// Longest sequence the positional table covers (encoder input, decoder input, or the whole
    /// decoder-only sequence).
    public var maxLength: Int
    /// Seed of the parameter initialisation and of the dropout masks.
    public var seed: UInt64

    /// - Parameter activation: nil picks ReLU for `mlpMultiplier == 1` (the course) and GELU for
    ///   wider MLPs.
    public init(architecture: Architecture = .encoderDecoder, vocabularySize: Int = Vocabulary.pigLatin.size,
                hiddenSize: Int = 32, layers: Int = 3, heads: Int = 1, preLayerNorm: Bool = false,
                mlpMultiplier: Int = 1, activation: Activation? = nil, attentionOutputProjection: Bool = false,
                dropout: Float = 0, maxLength: Int = 64, seed: UInt64 = 0) {
        self.architecture = architecture
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.preLayerNorm = preLayerNorm
        self.mlpMultiplier = mlpMultiplier
        self.activation = activation ?? (mlpMultiplier > 1 ? .gelu : .relu)
        self.attentionOutputProjection = attentionOutputProjection
        self.dropout = dropout
        self.maxLength = maxLength
        self.seed = seed
    }

    /// True when no option beyond the course is on.
    public var isCourseFaithful: Bool {
        heads == 1 && !preLayerNorm && mlpMultiplier == 1 && activation == .relu && !attentionOutputProjection && dropout == 0
    }

    /// Checks every field, and the model's size against `maximumParameters` (before anything
    /// is allocated).
    /// - Throws: `TransformerError.invalidConfiguration` naming the field and its value.
    public func validate() throws(TransformerError) {
        func fail(_ message: String) -> TransformerError { .invalidConfiguration(message) }
        guard (4...1 << 20).contains(vocabularySize) else {
            throw fail("vocabularySize must cover a character and the three special tokens and be at most 2²⁰ (4…\(1 << 20)), got \(vocabularySize)")
        }
        guard (1...8192).contains(hiddenSize) else { throw fail("hiddenSize must be in 1…8192, got \(hiddenSize)") }
        guard (1...256).contains(layers) else { throw fail("layers must be in 1…256, got \(layers)") }
        guard heads > 0, hiddenSize % heads == 0 else {
            throw fail("heads must be positive and divide hiddenSize \(hiddenSize), got \(heads)")
        }
        guard (1...64).contains(mlpMultiplier) else { throw fail("mlpMultiplier must be in 1…64, got \(mlpMultiplier)") }
        guard dropout >= 0, dropout < 1 else { throw fail("dropout must be in [0, 1), got \(dropout)") }
        guard (2...65_536).contains(maxLength) else { throw fail("maxLength must be in 2…65536, got \(maxLength)") }
        try validateSize()
    }

    /// The configuration of every block of one stack: the encoder's (not causal), or the
    /// decoder's (causal, with cross-attention in the encoder–decoder).
    public func blockConfig(causal: Bool, crossAttention: Bool) -> TransformerBlockConfig {
        TransformerBlockConfig(width: hiddenSize, heads: heads, mlpWidth: mlpMultiplier > 1 ? mlpMultiplier * hiddenSize : nil,
                               activation: activation, normalization: preLayerNorm ? .preLayerNorm : .none,
                               attentionOutputProjection: attentionOutputProjection, residualDropout: dropout,
                               causal: causal, crossAttention: crossAttention)
    }

    private enum CodingKeys: String, CodingKey {
        case architecture, vocabularySize, hiddenSize, layers, heads, preLayerNorm, mlpMultiplier, activation
        case attentionOutputProjection, dropout, maxLength, seed
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TransformerConfig()
        let multiplier = try c.decodeIfPresent(Int.self, forKey: .mlpMultiplier) ?? defaults.mlpMultiplier
        self.init(
            architecture: try c.decodeIfPresent(Architecture.self, forKey: .architecture) ?? defaults.architecture,
            vocabularySize: try c.decodeIfPresent(Int.self, forKey: .vocabularySize) ?? defaults.vocabularySize,
            hiddenSize: try c.decodeIfPresent(Int.self, forKey: .hiddenSize) ?? defaults.hiddenSize,
            layers: try c.decodeIfPresent(Int.self, forKey: .layers) ?? defaults.layers,
            heads: try c.decodeIfPresent(Int.self, forKey: .heads) ?? defaults.heads,
            preLayerNorm: try c.decodeIfPresent(Bool.self, forKey: .preLayerNorm) ?? defaults.preLayerNorm,
            mlpMultiplier: multiplier,
            activation: try c.decodeIfPresent(Activation.self, forKey: .activation),
            attentionOutputProjection: try c.decodeIfPresent(Bool.self, forKey: .attentionOutputProjection)
                ?? defaults.attentionOutputProjection,
            dropout: try c.decodeIfPresent(Float.self, forKey: .dropout) ?? defaults.dropout,
            maxLength: try c.decodeIfPresent(Int.self, forKey: .maxLength) ?? defaults.maxLength,
            seed: try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed)
    }
}
