// Hugging Face's BertModel on the library's post-LN transformer blocks.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, C hidden width (`hidden_size`), H heads.

/// BERT's encoder, exactly as transformers' `BertModel` (checked against it on golden fixtures):
///
///     x  = BertEmbeddings(ids, token types)                               (B, T, C)
///     for each of the L layers (post-LN):
///       x = LN(x + Dropout(Attn(x)·W_oᵀ + b_o))    padded keys masked in every attention
///       x = LN(x + Dropout(act(x·W_1ᵀ + b_1)·W_2ᵀ + b_2))
///     last_hidden_state = x;  pooler_output = tanh(x[:, 0]·W_pᵀ + b_p)     (B, C)
///
/// Parameters (own names; `BertNames` maps them to and from Hugging Face's):
/// `embeddings.…` (`BertEmbeddings`), `encoder.layers.<i>.…` (a `TransformerStack` of
/// `TransformerBlock`s: `self_attention.{query,key,value,output}`, `self_attention_norm`,
/// `mlp.{fc,proj}`, `mlp_norm`), `pooler.dense.…`. Dropout acts in training mode only.
public final class BertModel: Module {
    public let config: BertConfig
    public private(set) var embeddings: BertEmbeddings
    public private(set) var encoder: TransformerStack
    public private(set) var pooler: BertPooler?
    public var isTraining = true

    public static let members: [ModuleMember<BertModel>] = [
        .module("embeddings", \.embeddings), .module("encoder", \.encoder), .module("pooler", \.pooler),
    ]

    /// A model with Hugging Face's random initialisation (see `initializeLikeHuggingFace`).
    /// - Parameters:
    ///   - pooler: build the pooler (`add_pooling_layer`).
    ///   - seed: the initialisation's seed.
    /// - Throws: `BertError` when `config` does not validate.
    public init(config: BertConfig, pooler: Bool = true, seed: UInt64 = 0) throws {
        try config.validate(source: "BertConfig")
        self.config = config
        var generator = SeededGenerator(seed: seed)
        embeddings = try BertEmbeddings(config: config, using: &generator)
        encoder = try TransformerStack(config: config.blockConfig, layers: config.layers, using: &generator)
        self.pooler = pooler ? try BertPooler(width: config.hiddenSize, using: &generator) : nil
        initializeLikeHuggingFace(std: config.initializerRange, using: &generator)
    }

    private init(copying other: BertModel) {
        config = other.config
        embeddings = other.embeddings
        encoder = other.encoder
        pooler = other.pooler
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> BertModel { BertModel(copying: self) }

    /// Gives a model built without pooler one, initialised as transformers does (a checkpoint
    /// without pooler weights: masked-LM pretraining has no pooler).
    func addPooler(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed ^ 0x706F_6F6C_6572)
        let pooler = try BertPooler(width: config.hiddenSize, using: &generator)
        pooler.initializeLikeHuggingFace(std: config.initializerRange, using: &generator)
        pooler.train(isTraining)
        self.pooler = pooler
    }

    /// The encoder's output for `inputs`.
    /// - Throws: `BertError.invalidInput` naming the row and position of an id outside the
    ///   vocabulary, a token type outside `type_vocab_size`, or a batch longer than
    ///   `max_position_embeddings`.
    public func callAsFunction(_ inputs: BertInputs) throws -> BertOutput {
        try check(inputs)
        let x = try embeddings(inputs)  // (B, T, C)
        let hidden = try encoder(x, keyPadding: inputs.keyPadding).x  // (B, T, C)
        return BertOutput(lastHiddenState: hidden, pooledOutput: try pooler.map { try $0(hidden) })
    }

    /// Checks ids, token types and the length against the tables.
    public func check(_ inputs: BertInputs) throws(BertError) {
        let t = inputs.length
        guard t <= config.maxPositions else {
            throw .invalidInput("\(t) positions, but the model has \(config.maxPositions) (max_position_embeddings); truncate the texts")
        }
        for (name, values, limit) in [("input_ids", inputs.inputIDs.values, config.vocabularySize),
                                      ("token_type_ids", inputs.tokenTypeIDs.values, config.typeVocabularySize)] {
            if let i = values.firstIndex(where: { $0 < 0 || $0 >= limit }) {
                throw .invalidInput("\(name)[\(i / t)][\(i % t)] is \(values[i]) (expected 0..<\(limit))")
            }
        }
    }
}
