// Hugging Face's BertConfig as a Codable value: config.json read and written with the same keys.
import Foundation
import TinyformerNN

/// The architecture of a BERT model, read from and written to a Hugging Face `config.json`
/// (`transformers.BertConfig`) with the same keys; keys absent from the file take
/// `BertConfig`'s defaults (BERT-base), keys this library does not use are ignored.
///
///     {"model_type": "bert", "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
///      "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu",
///      "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
///      "max_position_embeddings": 512, "type_vocab_size": 2, "initializer_range": 0.02,
///      "layer_norm_eps": 1e-12, "pad_token_id": 0, "position_embedding_type": "absolute"}
///
/// `validate(source:)` refuses what `BertModel` does not implement, listing every problem.
public struct BertConfig: Codable, Sendable, Equatable {
    /// `model_type`: must be "bert" (nil when the file has none).
    public var modelType: String?
    /// V, `vocab_size`.
    public var vocabularySize: Int
    /// C, `hidden_size`.
    public var hiddenSize: Int
    /// L, `num_hidden_layers`.
    public var layers: Int
    /// H, `num_attention_heads` (C must be a multiple).
    public var heads: Int
    /// M, `intermediate_size`: the MLP's hidden width.
    public var intermediateSize: Int
    /// `hidden_act`: the MLP activation's Hugging Face name ("gelu" = erf GELU).
    public var hiddenActivation: String
    /// `hidden_dropout_prob`: embeddings, every sublayer output and the classifier head.
    public var hiddenDropout: Float
    /// `attention_probs_dropout_prob`: the attention probabilities.
    public var attentionDropout: Float
    /// `max_position_embeddings`: the longest input.
    public var maxPositions: Int
    /// `type_vocab_size`: token types (segments A and B).
    public var typeVocabularySize: Int
    /// `initializer_range`: the standard deviation of Hugging Face's initialisation.
    public var initializerRange: Float
    /// `layer_norm_eps`.
    public var layerNormEpsilon: Float
    /// `pad_token_id`: the word embedding row that gets no gradient (nil: none).
    public var paddingTokenID: Int?
    /// `position_embedding_type`: only "absolute" is supported.
    public var positionEmbeddingType: String
    /// `classifier_dropout`: the sequence classifier's dropout; nil uses `hiddenDropout`.
    public var classifierDropout: Float?
    /// `is_decoder`, `add_cross_attention`: unsupported when true.
    public var isDecoder: Bool
    public var addCrossAttention: Bool
    /// `id2label` in id order, for classifiers (nil when the file has none).
    public var labels: [String]?
    /// `architectures` (e.g. ["BertForMaskedLM"]), kept for the files we write.
    public var architectures: [String]?

    /// A configuration; the defaults are `transformers.BertConfig()`'s (BERT-base).
    public init(vocabularySize: Int = 30522, hiddenSize: Int = 768, layers: Int = 12, heads: Int = 12,
                intermediateSize: Int = 3072, hiddenActivation: String = "gelu", hiddenDropout: Float = 0.1,
                attentionDropout: Float = 0.1, maxPositions: Int = 512, typeVocabularySize: Int = 2,
                initializerRange: Float = 0.02, layerNormEpsilon: Float = 1e-12, paddingTokenID: Int? = 0,
                positionEmbeddingType: String = "absolute", classifierDropout: Float? = nil, labels: [String]? = nil,
                architectures: [String]? = nil) {
        self.modelType = "bert"
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.hiddenActivation = hiddenActivation
        self.hiddenDropout = hiddenDropout
        self.attentionDropout = attentionDropout
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.initializerRange = initializerRange
        self.layerNormEpsilon = layerNormEpsilon
        self.paddingTokenID = paddingTokenID
        self.positionEmbeddingType = positionEmbeddingType
        self.classifierDropout = classifierDropout
        self.isDecoder = false
        self.addCrossAttention = false
        self.labels = labels
        self.architectures = architectures
    }

    /// The activations `hidden_act` may name (those of `Activation(huggingFaceName:)`).
    public static let supportedActivations = ["gelu", "relu", "gelu_new", "gelu_pytorch_tanh", "gelu_tanh", "quick_gelu"]

    /// The MLP activation; nil when `hiddenActivation` is unsupported.
    public var activation: Activation? { Activation(huggingFaceName: hiddenActivation) }

    /// C / H.
    public var headWidth: Int { heads > 0 ? hiddenSize / heads : 0 }

    /// The dropout of a sequence classifier's head.
    public var classifierHeadDropout: Float { classifierDropout ?? hiddenDropout }

    /// The encoder block: post-LN, output projection, this activation and dropouts.
    public var blockConfig: TransformerBlockConfig {
        TransformerBlockConfig(width: hiddenSize, heads: heads, mlpWidth: intermediateSize, activation: activation ?? .gelu,
                               normalization: .postLayerNorm, layerNormEpsilon: layerNormEpsilon,
                               attentionOutputProjection: true, attentionDropout: attentionDropout,
                               residualDropout: hiddenDropout)
    }

    /// This configuration with every dropout probability set to `p` (0: deterministic passes).
    public func withDropout(_ p: Float) -> BertConfig {
        var copy = self
        copy.hiddenDropout = p
        copy.attentionDropout = p
        if copy.classifierDropout != nil { copy.classifierDropout = p }
        return copy
    }

    /// Checks that `BertModel` implements this configuration and that every value is in range.
    /// - Parameter source: the file named in errors.
    /// - Throws: `BertError.unsupportedConfiguration` listing every unsupported setting, else
    ///   `BertError.invalidConfiguration` naming the first out-of-range key.
    public func validate(source: String) throws(BertError) {
        var unsupported: [String] = []
        if let modelType, modelType != "bert" {
            unsupported.append("model_type \"\(modelType)\" (supported: \"bert\")")
        }
        if activation == nil {
            unsupported.append("hidden_act \"\(hiddenActivation)\" (supported: \(Self.supportedActivations.map { "\"\($0)\"" }.joined(separator: ", ")))")
        }
        if positionEmbeddingType != "absolute" {
            unsupported.append("position_embedding_type \"\(positionEmbeddingType)\" (supported: \"absolute\")")
        }
        if isDecoder { unsupported.append("is_decoder true (supported: an encoder, false)") }
        if addCrossAttention { unsupported.append("add_cross_attention true (supported: false)") }
        guard unsupported.isEmpty else { throw .unsupportedConfiguration(source: source, problems: unsupported) }

        func check(_ ok: Bool, _ key: String, _ value: Any, _ expected: String) throws(BertError) {
            if !ok { throw .invalidConfiguration(source: source, key: key, value: "\(value)", expected: expected) }
        }
        try check((1...10_000_000).contains(vocabularySize), "vocab_size", vocabularySize, "1…10000000")
        try check((1...65_536).contains(hiddenSize), "hidden_size", hiddenSize, "1…65536")
        try check((1...1024).contains(layers), "num_hidden_layers", layers, "1…1024")
        try check(heads >= 1 && hiddenSize % heads == 0, "num_attention_heads", heads, "a divisor of hidden_size \(hiddenSize)")
        try check((1...262_144).contains(intermediateSize), "intermediate_size", intermediateSize, "1…262144")
        try check((1...65_536).contains(maxPositions), "max_position_embeddings", maxPositions, "1…65536")
        try check((1...1024).contains(typeVocabularySize), "type_vocab_size", typeVocabularySize, "1…1024")
        for (key, p) in [("hidden_dropout_prob", hiddenDropout), ("attention_probs_dropout_prob", attentionDropout),
                         ("classifier_dropout", classifierDropout ?? 0)] {
            try check(p >= 0 && p < 1, key, p, "a probability in [0, 1)")
        }
        try check(initializerRange >= 0 && initializerRange.isFinite, "initializer_range", initializerRange, "finite and ≥ 0")
        try check(layerNormEpsilon >= 0 && layerNormEpsilon.isFinite, "layer_norm_eps", layerNormEpsilon, "finite and ≥ 0")
        if let paddingTokenID {
            try check((0..<vocabularySize).contains(paddingTokenID), "pad_token_id", paddingTokenID, "0..<vocab_size \(vocabularySize)")
        }
        if let labels { try check(!labels.isEmpty, "id2label", "{}", "at least one label") }
    }

    // MARK: - Codable with Hugging Face's keys

    private enum CodingKeys: String, CodingKey {
        case modelType = "model_type", vocabularySize = "vocab_size", hiddenSize = "hidden_size"
        case layers = "num_hidden_layers", heads = "num_attention_heads", intermediateSize = "intermediate_size"
        case hiddenActivation = "hidden_act", hiddenDropout = "hidden_dropout_prob"
        case attentionDropout = "attention_probs_dropout_prob", maxPositions = "max_position_embeddings"
        case typeVocabularySize = "type_vocab_size", initializerRange = "initializer_range"
        case layerNormEpsilon = "layer_norm_eps", paddingTokenID = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type", classifierDropout = "classifier_dropout"
        case isDecoder = "is_decoder", addCrossAttention = "add_cross_attention", labels = "id2label"
        case label2id, numLabels = "num_labels", architectures
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = BertConfig()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
        vocabularySize = try value(.vocabularySize, defaults.vocabularySize)
        hiddenSize = try value(.hiddenSize, defaults.hiddenSize)
        layers = try value(.layers, defaults.layers)
        heads = try value(.heads, defaults.heads)
        intermediateSize = try value(.intermediateSize, defaults.intermediateSize)
        hiddenActivation = try value(.hiddenActivation, defaults.hiddenActivation)
        hiddenDropout = try value(.hiddenDropout, defaults.hiddenDropout)
        attentionDropout = try value(.attentionDropout, defaults.attentionDropout)
        maxPositions = try value(.maxPositions, defaults.maxPositions)
        typeVocabularySize = try value(.typeVocabularySize, defaults.typeVocabularySize)
        initializerRange = try value(.initializerRange, defaults.initializerRange)
        layerNormEpsilon = try value(.layerNormEpsilon, defaults.layerNormEpsilon)
        // An explicit null means "no padding token"; an absent key keeps BertConfig's 0.
        paddingTokenID = c.contains(.paddingTokenID) ? try c.decodeNil(forKey: .paddingTokenID) ? nil
            : c.decode(Int.self, forKey: .paddingTokenID) : defaults.paddingTokenID
        positionEmbeddingType = try value(.positionEmbeddingType, defaults.positionEmbeddingType)
        classifierDropout = try c.decodeIfPresent(Float.self, forKey: .classifierDropout)
        isDecoder = try value(.isDecoder, false)
        addCrossAttention = try value(.addCrossAttention, false)
        architectures = try c.decodeIfPresent([String].self, forKey: .architectures)
        if let byID = try c.decodeIfPresent([String: String].self, forKey: .labels) {
            labels = try Self.orderedLabels(byID, codingPath: c.codingPath + [CodingKeys.labels])
        } else if let count = try c.decodeIfPresent(Int.self, forKey: .numLabels) {
            labels = (0..<max(count, 0)).map { "LABEL_\($0)" }
        } else {
            labels = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(modelType ?? "bert", forKey: .modelType)
        try c.encode(vocabularySize, forKey: .vocabularySize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(layers, forKey: .layers)
        try c.encode(heads, forKey: .heads)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(hiddenActivation, forKey: .hiddenActivation)
        try c.encode(hiddenDropout, forKey: .hiddenDropout)
        try c.encode(attentionDropout, forKey: .attentionDropout)
        try c.encode(maxPositions, forKey: .maxPositions)
        try c.encode(typeVocabularySize, forKey: .typeVocabularySize)
        try c.encode(initializerRange, forKey: .initializerRange)
        try c.encode(layerNormEpsilon, forKey: .layerNormEpsilon)
        try c.encode(paddingTokenID, forKey: .paddingTokenID)
        try c.encode(positionEmbeddingType, forKey: .positionEmbeddingType)
        try c.encode(classifierDropout, forKey: .classifierDropout)
        try c.encode(isDecoder, forKey: .isDecoder)
        try c.encode(addCrossAttention, forKey: .addCrossAttention)
        try c.encodeIfPresent(architectures, forKey: .architectures)
        if let labels {
            try c.encode(Dictionary(uniqueKeysWithValues: labels.enumerated().map { (String($0.offset), $0.element) }),
                         forKey: .labels)
            try c.encode(Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($0.element, $0.offset) }),
                         forKey: .label2id)
        }
    }

    /// `id2label` ({"0": "negative", …}) as a list in id order; the ids must be 0…n−1.
    private static func orderedLabels(_ byID: [String: String], codingPath: [any CodingKey]) throws -> [String] {
        var labels = [String?](repeating: nil, count: byID.count)
        for (key, label) in byID {
            guard let id = Int(key), labels.indices.contains(id), labels[id] == nil else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: codingPath, debugDescription: "id2label keys must be 0…\(byID.count - 1), got \"\(key)\""))
            }
            labels[id] = label
        }
        return labels.compactMap { $0 }
    }
}

extension BertConfig {
    /// Reads and validates `url` (a Hugging Face `config.json`).
    /// - Throws: `BertError.missingFile`, `.unreadableFile` (not JSON, or a key of the wrong type,
    ///   named with its path), `.unsupportedConfiguration`, `.invalidConfiguration`.
    public static func read(from url: URL) throws(BertError) -> BertConfig {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingFile(path: url.path, hint: "a Hugging Face BERT folder holds config.json next to model.safetensors")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadableFile(path: url.path, reason: error.localizedDescription) }
        let config: BertConfig
        do {
            config = try JSONDecoder().decode(BertConfig.self, from: data)
        } catch let error as DecodingError {
            throw .unreadableFile(path: url.path, reason: Self.describe(error))
        } catch {
            throw .unreadableFile(path: url.path, reason: "\(error)")
        }
        try config.validate(source: url.path)
        return config
    }

    /// "key \"hidden_size\": expected Int" style messages for decoding errors.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case let .typeMismatch(type, context):
            return "\"\(path(context))\" has the wrong type (expected \(type))"
        case let .valueNotFound(type, context):
            return "\"\(path(context))\" is null (expected \(type))"
        case let .keyNotFound(key, _):
            return "missing key \"\(key.stringValue)\""
        case let .dataCorrupted(context):
            let at = path(context)
            return (at.isEmpty ? "" : "\"\(at)\": ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
