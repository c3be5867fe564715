// TransformerStack.pooled and TransformerBlock.output(at:of:keyPadding:): the last block computed
// at one row per batch item gives the rows, and the gradients, of the full stack's output
// (which is proven against PyTorch in TransformerBlockMatchesTorchTests).
// Shape letters: B batch, T positions, C width.
import Testing
import TinyformerNN
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Suite struct PooledStackTests {
    static let (b, t, c) = (3, 5, 8)
    /// Positions probe the first and last rows; padding hides each item's tail, as a tokenizer's
    /// padding does, and in item 2 also a key before the pooled position.
    static let positions = [4, 0, 2]
    static let padding = [false, false, false, false, false,
                          false, false, true, true, true,
                          false, true, false, true, true]

    static let configs: [(String, TransformerBlockConfig)] = [
        ("CLIP text (pre-LN, causal)", .clip(width: c, heads: 2, intermediateWidth: 16, causal: true)),
        ("CLIP vision (pre-LN)", .clip(width: c, heads: 2, intermediateWidth: 16, causal: false)),
        ("BERT (post-LN)", .bert(width: c, heads: 2, intermediateWidth: 16, dropout: 0)),
        ("course (no LayerNorm, one head, causal)", TransformerBlockConfig(width: c, causal: true)),
    ]

    static func stack(_ config: TransformerBlockConfig, finalNorm: Bool) throws -> TransformerStack {
        var generator = SeededGenerator(seed: 3)
        return try TransformerStack(config: config, layers: 2, finalNorm: finalNorm, using: &generator)
    }

    @Test(arguments: 0..<configs.count, [false, true])
    func pooledRowsAndGradientsEqualTheFullStacksRows(index: Int, padded: Bool) throws {
        let (name, config) = Self.configs[index]
        let stack = try Self.stack(config, finalNorm: config.normalization == .preLayerNorm)
        let padding = padded ? Self.padding : nil
        let upstream = try randomTensor([Self.b, Self.c], seed: 9)  // (B, C)

        let xFull = try randomTensor([Self.b, Self.t, Self.c], seed: 7)  // (B, T, C)
        let full = try stack(xFull, keyPadding: padding).x.gatherPositions(Self.positions)  // (B, C)
        try full.backward(gradient: upstream)
        let fullGradients = stack.namedParameters.map { ($0.name, $0.tensor.grad?.scalars ?? []) }
        stack.zeroGrad()

        let xPooled = try randomTensor([Self.b, Self.t, Self.c], seed: 7)  // (B, T, C)
        let pooled = try stack.pooled(xPooled, at: Self.positions, keyPadding: padding)  // (B, C)
        try pooled.backward(gradient: upstream)

        #expect(pooled.shape == [Self.b, Self.c])
        assertClose(pooled.scalars, full.scalars, atol: 1e-6, rtol: 1e-5, "\(name): pooled rows")
        assertClose(xPooled.grad?.scalars ?? [], xFull.grad?.scalars ?? [], atol: 1e-6, rtol: 1e-5, "\(name): input gradient")
        for ((parameterName, expected), parameter) in zip(fullGradients, stack.parameters) {
            assertClose(parameter.grad?.scalars ?? [], expected, atol: 1e-6, rtol: 1e-5, "\(name): gradient of \(parameterName)")
        }
    }

    @Test func aPositionOutsideTheRowsIsATensorError() throws {
        let stack = try Self.stack(.clip(width: Self.c, heads: 2, intermediateWidth: 16, causal: true), finalNorm: false)
        let x = try Tensor.zeros([Self.b, Self.t, Self.c])
        #expect(throws: TensorError.self) { try stack.pooled(x, at: [0, 5, 1]) }
        #expect(throws: TensorError.self) { try stack.pooled(x, at: [0, -1, 1]) }
        #expect(throws: TensorError.self) { try stack.pooled(x, at: [0, 1]) }
        #expect(throws: TensorError.self) { try stack.pooled(try Tensor.zeros([Self.t, Self.c]), at: [0]) }
    }

    /// A one-layer stack goes straight to the pooled block, which must check the flags itself.
    @Test func paddingFlagsOfAnotherLengthAreATensorError() throws {
        var generator = SeededGenerator(seed: 3)
        let stack = try TransformerStack(config: .clip(width: Self.c, heads: 2, intermediateWidth: 16, causal: true), layers: 1,
                                         using: &generator)
        let x = try Tensor.zeros([Self.b, Self.t, Self.c])
        #expect(throws: TensorError.self) { try stack.pooled(x, at: Self.positions, keyPadding: [false, true]) }
    }

    @Test func blocksWithCrossAttentionArePooledNowhere() throws {
        let stack = try Self.stack(TransformerBlockConfig(width: Self.c, causal: true, crossAttention: true), finalNorm: false)
        #expect(throws: ModuleError.self) { try stack.pooled(try Tensor.zeros([1, 2, Self.c]), at: [1]) }
    }
}
