import TinyformerNMT

/// The parameter counts N of a `Transformer`, read from its parameter names (so they follow the
/// model that is actually trained, whatever its options).
///
/// For the course's decoder-only model (h = `hiddenSize`, L layers, V tokens; per layer Q, K, V
/// and the MLP are Linear(h, h) with bias; output Linear(h, V) with bias; sinusoidal positions,
/// which are not parameters):
///
///     total        = V·h + L·(4h² + 4h) + (h·V + V)
///     course       = total − V·h            = L·(4h² + 4h) + (h + 1)·V
///     nonEmbedding = L·(4h² + 4h)
///
/// `course` is the assignment's N (4,862 / 17,886 / 39,102 / 68,510 / 151,902 / 268,062 for
/// h = 16 … 128, L = 4, V = 30): every weight and bias except the token embedding table — the
/// output layer counts, since it is a matrix product per position.
public struct ParameterCount: Codable, Sendable, Equatable, Hashable {
    /// Every parameter (`parameterCount`).
    public var total: Int
    /// Every parameter except token embedding tables (`*embedding.weight`): the course's N and
    /// the N of every fit here.
    public var course: Int
    /// The transformer layers only (Kaplan et al.'s non-embedding count): without token
    /// embeddings and without the output (unembedding) layer `decoder.output.*`.
    public var nonEmbedding: Int

    public init(total: Int, course: Int, nonEmbedding: Int) {
        self.total = total
        self.course = course
        self.nonEmbedding = nonEmbedding
    }

    /// Counts `model`'s parameters by name.
    public init(model: Transformer) {
        var total = 0, embedding = 0, output = 0
        for (name, tensor) in model.namedParameters {
            total += tensor.count
            if name.hasSuffix("embedding.weight") { embedding += tensor.count }
            if name.hasPrefix("decoder.output.") { output += tensor.count }
        }
        self.init(total: total, course: total - embedding, nonEmbedding: total - embedding - output)
    }

    /// Counts the parameters of a freshly built model of `config` (only sizes matter: the token
    /// ids get the Pig Latin vocabulary when `config.vocabularySize` is its size, otherwise
    /// stand-in characters U+0100… of that count).
    /// - Throws: `TransformerError.invalidConfiguration` for an invalid config.
    public init(config: TransformerConfig) throws {
        var vocabulary = Vocabulary.pigLatin
        if config.vocabularySize != vocabulary.size {
            try config.validate()
            let characters = (0..<(config.vocabularySize - 3)).compactMap { Unicode.Scalar(0x100 + $0).map(Character.init) }
            vocabulary = try Vocabulary(characters: characters)
        }
        self.init(model: try Transformer(config: config, vocabulary: vocabulary))
    }
}
