// The one table between this library's BERT parameter names and Hugging Face's, both ways.

/// Pairs of parameter names, this library's and Hugging Face's, looked up either way: reading a
/// transformers checkpoint (Hugging Face → own, through `CheckpointMapping.huggingFaceBert`) and
/// writing one (own → Hugging Face, `BertFolder.write`). The pairs are generated from the
/// per-layer table below, so the two directions can never disagree.
///
/// | own | Hugging Face |
/// |---|---|
/// | `embeddings.word_embeddings.weight` (also position, token type) | the same |
/// | `embeddings.layer_norm.{weight,bias}` | `embeddings.LayerNorm.…` |
/// | `encoder.layers.<i>.self_attention.{query,key,value}.…` | `encoder.layer.<i>.attention.self.{query,key,value}.…` |
/// | `encoder.layers.<i>.self_attention.output.…` | `encoder.layer.<i>.attention.output.dense.…` |
/// | `encoder.layers.<i>.self_attention_norm.…` | `encoder.layer.<i>.attention.output.LayerNorm.…` |
/// | `encoder.layers.<i>.mlp.fc.…` | `encoder.layer.<i>.intermediate.dense.…` |
/// | `encoder.layers.<i>.mlp.proj.…` | `encoder.layer.<i>.output.dense.…` |
/// | `encoder.layers.<i>.mlp_norm.…` | `encoder.layer.<i>.output.LayerNorm.…` |
/// | `pooler.dense.…` | the same |
///
/// A classifier adds `bert.` in front of both and `classifier.{weight,bias}`; a masked-LM model
/// adds `bert.` and its head (`BertForMaskedLM`'s `cls.predictions.…`).
public struct BertNameTable: Sendable, Equatable {
    /// (own name, Hugging Face name), in the module's parameter order.
    public let pairs: [NamePair]
    private let huggingFaceByOwn: [String: String]
    private let ownByHuggingFace: [String: String]

    /// One entry of the table.
    public struct NamePair: Sendable, Equatable {
        public let own: String
        public let huggingFace: String

        public init(own: String, huggingFace: String) {
            self.own = own
            self.huggingFace = huggingFace
        }
    }

    public init(_ pairs: [NamePair]) {
        self.pairs = pairs
        huggingFaceByOwn = Dictionary(pairs.map { ($0.own, $0.huggingFace) }, uniquingKeysWith: { first, _ in first })
        ownByHuggingFace = Dictionary(pairs.map { ($0.huggingFace, $0.own) }, uniquingKeysWith: { first, _ in first })
    }

    /// The Hugging Face name of an own parameter name, nil when the table has none.
    public func huggingFace(for own: String) -> String? { huggingFaceByOwn[own] }

    /// The own name of a Hugging Face tensor name, nil when the table has none.
    public func own(for huggingFace: String) -> String? { ownByHuggingFace[huggingFace] }

    /// This table with `own` and `huggingFace` put in front of the two sides.
    public func prefixed(own: String, huggingFace: String) -> BertNameTable {
        BertNameTable(pairs.map { NamePair(own: own + $0.own, huggingFace: huggingFace + $0.huggingFace) })
    }

    /// Both tables' pairs, this one's first.
    public static func + (lhs: BertNameTable, rhs: BertNameTable) -> BertNameTable {
        BertNameTable(lhs.pairs + rhs.pairs)
    }

    /// Pairs with the same name on both sides.
    public static func identical(_ names: [String]) -> BertNameTable {
        BertNameTable(names.map { NamePair(own: $0, huggingFace: $0) })
    }

    /// Every parameter of a `BertModel` with `layers` encoder layers (and the pooler).
    public static func model(layers: Int, pooler: Bool = true) -> BertNameTable {
        var pairs: [NamePair] = ["word_embeddings", "position_embeddings", "token_type_embeddings"].map {
            NamePair(own: "embeddings.\($0).weight", huggingFace: "embeddings.\($0).weight")
        }
        for suffix in ["weight", "bias"] {
            pairs.append(NamePair(own: "embeddings.layer_norm.\(suffix)", huggingFace: "embeddings.LayerNorm.\(suffix)"))
        }
        for i in 0..<max(layers, 0) {
            for (own, huggingFace) in layerTable {
                for suffix in ["weight", "bias"] {
                    pairs.append(NamePair(own: "encoder.layers.\(i).\(own).\(suffix)",
                                          huggingFace: "encoder.layer.\(i).\(huggingFace).\(suffix)"))
                }
            }
        }
        if pooler { pairs += identical(["pooler.dense.weight", "pooler.dense.bias"]).pairs }
        return BertNameTable(pairs)
    }

    /// One encoder layer's modules, own → Hugging Face, in the block's parameter order.
    private static let layerTable: [(String, String)] = [
        ("self_attention_norm", "attention.output.LayerNorm"),
        ("self_attention.query", "attention.self.query"), ("self_attention.key", "attention.self.key"),
        ("self_attention.value", "attention.self.value"), ("self_attention.output", "attention.output.dense"),
        ("mlp_norm", "output.LayerNorm"), ("mlp.fc", "intermediate.dense"), ("mlp.proj", "output.dense"),
    ]
}
