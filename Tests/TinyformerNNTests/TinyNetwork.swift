// The Swift twin of the tiny two-block network in Scripts/make_fixtures.py (pre-LN blocks with
// causal 2-head attention with output projection and a GELU MLP, final LayerNorm, linear head),
// written as a user of the library would write a module of their own.
// Shape letters: B batch, T positions, C width, V vocabulary.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

final class TinyBlock: Module {
    private(set) var ln1: LayerNorm
    private(set) var attention: MultiHeadAttention
    private(set) var ln2: LayerNorm
    private(set) var fc1: Linear
    private(set) var fc2: Linear
    var isTraining = true

    static let members: [ModuleMember<TinyBlock>] = [
        .module("ln1", \.ln1), .module("attention", \.attention), .module("ln2", \.ln2),
        .module("mlp.fc1", \.fc1), .module("mlp.fc2", \.fc2),
    ]

    init(width: Int, heads: Int, using generator: inout SeededGenerator) throws {
        ln1 = try LayerNorm(width: width)
        attention = try MultiHeadAttention(width: width, heads: heads, outputProjection: true, using: &generator)
        ln2 = try LayerNorm(width: width)
        fc1 = try Linear(inputWidth: width, outputWidth: 4 * width, using: &generator)
        fc2 = try Linear(inputWidth: 4 * width, outputWidth: width, using: &generator)
    }

    private init(copying other: TinyBlock) {
        (ln1, attention, ln2, fc1, fc2, isTraining) = (other.ln1, other.attention, other.ln2, other.fc1, other.fc2, other.isTraining)
    }

    func memberwiseCopy() -> TinyBlock { TinyBlock(copying: self) }

    func callAsFunction(_ x: Tensor, keyPadding: [Bool]?) throws -> Tensor {
        let attended = try x + attention(ln1(x), causal: true, keyPadding: keyPadding)  // (B, T, C)
        return try attended + fc2(fc1(ln2(attended)).gelu())  // (B, T, C)
    }
}

final class TinyNetwork: Module {
    private(set) var embedding: Embedding
    private(set) var position: LearnedPositionalEmbedding
    private(set) var blocks: [TinyBlock]
    private(set) var finalNorm: LayerNorm
    private(set) var head: Linear
    var isTraining = true

    static let members: [ModuleMember<TinyNetwork>] = [
        .module("embedding", \.embedding), .module("position", \.position), .modules("blocks", \.blocks),
        .module("ln_f", \.finalNorm), .module("head", \.head),
    ]

    init(vocabulary: Int = 11, width: Int = 16, maxLength: Int = 6, heads: Int = 2, blocks count: Int = 2,
         seed: UInt64 = 0) throws {
        var generator = SeededGenerator(seed: seed)
        embedding = try Embedding(count: vocabulary, width: width, using: &generator)
        position = try LearnedPositionalEmbedding(maxLength: maxLength, width: width, using: &generator)
        blocks = try (0..<count).map { _ in try TinyBlock(width: width, heads: heads, using: &generator) }
        finalNorm = try LayerNorm(width: width)
        head = try Linear(inputWidth: width, outputWidth: vocabulary, using: &generator)
    }

    private init(copying other: TinyNetwork) {
        (embedding, position, blocks, finalNorm, head, isTraining) =
            (other.embedding, other.position, other.blocks, other.finalNorm, other.head, other.isTraining)
    }

    func memberwiseCopy() -> TinyNetwork { TinyNetwork(copying: self) }

    /// tokens (B·T, row-major) → logits (B, T, V).
    func callAsFunction(tokens: [Int], batch: Int, length: Int, keyPadding: [Bool]?) throws -> Tensor {
        var x = try position(embedding(tokens, shape: [batch, length]))  // (B, T, C)
        for block in blocks { x = try block(x, keyPadding: keyPadding) }
        return try head(finalNorm(x))  // (B, T, V)
    }
}
