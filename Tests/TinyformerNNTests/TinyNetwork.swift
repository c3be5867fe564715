// The Swift twin of the tiny two-block network in Scripts/make_fixtures.py (pre-LN blocks with
// causal 2-head attention with output projection and a GELU MLP, final LayerNorm, linear head).
// Shape letters: B batch, T positions, C width, V vocabulary.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

final class TinyBlock: Replicable {
    let ln1: LayerNorm
    let attention: MultiHeadAttention
    let ln2: LayerNorm
    let fc1: Linear
    let fc2: Linear

    init(width: Int, heads: Int, using generator: inout SeededGenerator) throws {
        ln1 = try LayerNorm(width: width)
        attention = try MultiHeadAttention(width: width, heads: heads, outputProjection: true, using: &generator)
        ln2 = try LayerNorm(width: width)
        fc1 = try Linear(inFeatures: width, outFeatures: 4 * width, using: &generator)
        fc2 = try Linear(inFeatures: 4 * width, outFeatures: width, using: &generator)
    }

    private init(replicating block: TinyBlock) {
        ln1 = block.ln1.replica()
        attention = block.attention.replica()
        ln2 = block.ln2.replica()
        fc1 = block.fc1.replica()
        fc2 = block.fc2.replica()
    }

    func replica() -> TinyBlock { TinyBlock(replicating: self) }

    var namedParameters: [NamedParameter] {
        prefixed("ln1", ln1) + prefixed("attention", attention) + prefixed("ln2", ln2)
            + prefixed("mlp.fc1", fc1) + prefixed("mlp.fc2", fc2)
    }

    func callAsFunction(_ x: Tensor, keyPadding: [Bool]?) throws -> Tensor {
        let attended = try x + attention(ln1(x), causal: true, keyPadding: keyPadding)  // (B, T, C)
        return try attended + fc2(fc1(ln2(attended)).gelu())  // (B, T, C)
    }
}

final class TinyNetwork: Replicable {
    let embedding: Embedding
    let position: LearnedPositionalEmbedding
    let blocks: [TinyBlock]
    let finalNorm: LayerNorm
    let head: Linear

    init(vocabulary: Int = 11, width: Int = 16, maxLength: Int = 6, heads: Int = 2, blocks count: Int = 2,
         seed: UInt64 = 0) throws {
        var generator = SeededGenerator(seed: seed)
        embedding = try Embedding(count: vocabulary, width: width, using: &generator)
        position = try LearnedPositionalEmbedding(maxLength: maxLength, width: width, using: &generator)
        blocks = try (0..<count).map { _ in try TinyBlock(width: width, heads: heads, using: &generator) }
        finalNorm = try LayerNorm(width: width)
        head = try Linear(inFeatures: width, outFeatures: vocabulary, using: &generator)
    }

    private init(replicating network: TinyNetwork) {
        embedding = network.embedding.replica()
        position = network.position.replica()
        blocks = network.blocks.map { $0.replica() }
        finalNorm = network.finalNorm.replica()
        head = network.head.replica()
    }

    func replica() -> TinyNetwork { TinyNetwork(replicating: self) }

    var namedParameters: [NamedParameter] {
        var list = prefixed("embedding", embedding) + prefixed("position", position)
        for (i, block) in blocks.enumerated() { list += prefixed("blocks.\(i)", block) }
        return list + prefixed("ln_f", finalNorm) + prefixed("head", head)
    }

    /// tokens (B·T, row-major) → logits (B, T, V).
    func callAsFunction(tokens: [Int], batch: Int, length: Int, keyPadding: [Bool]?) throws -> Tensor {
        var x = try position(embedding(tokens, shape: [batch, length]))  // (B, T, C)
        for block in blocks { x = try block(x, keyPadding: keyPadding) }
        return try head(finalNorm(x))  // (B, T, V)
    }
}
