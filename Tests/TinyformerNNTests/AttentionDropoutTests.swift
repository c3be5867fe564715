// MultiHeadAttention's paths: the fused op, and the unfused one that dropout on the attention
// probabilities needs (training mode only); masks given as flags or as additive tensors.
// Shape letters: B batch, T positions, S encoder positions, C width, H heads.
import Testing
import TinyformerNN
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Suite struct AttentionDropoutTests {
    static let padding = [false, false, false, false, false, false, false, true, true, false]  // (B = 2, T = 5)

    /// Two attentions with the same weights, one with a dropout that (practically) never drops.
    static func pair(outputProjection: Bool) throws -> (fused: MultiHeadAttention, unfused: MultiHeadAttention) {
        var a = SeededGenerator(seed: 5), b = SeededGenerator(seed: 5)
        let fused = try MultiHeadAttention(width: 8, heads: 2, outputProjection: outputProjection, using: &a)
        let unfused = try MultiHeadAttention(width: 8, heads: 2, outputProjection: outputProjection, probabilityDropout: 1e-7, using: &b)
        return (fused, unfused)
    }

    @Test(arguments: [false, true])
    func theUnfusedPathEqualsTheFusedOp(causal: Bool) throws {
        let (fused, unfused) = try Self.pair(outputProjection: true)
        var g = SeededGenerator(seed: 6)
        let x = try Tensor.normal([2, 5, 8], using: &g), memory = try Tensor.normal([2, 4, 8], using: &g)
        let bias = try Tensor.normal([2, 2, 5, 5], using: &g)  // (B, H, T, T) additive
        #expect(unfused.probabilityDropout.isActive && !fused.probabilityDropout.isActive)
        let a = try fused.attend(x, causal: causal, keyPadding: Self.padding, mask: bias, residual: x)
        let b = try unfused.attend(x, causal: causal, keyPadding: Self.padding, mask: bias, residual: x)
        assertClose(b.output.scalars, a.output.scalars, atol: 1e-5, rtol: 1e-5, "self-attention output")
        assertClose(b.weights.scalars, a.weights.scalars, atol: 1e-6, rtol: 1e-5, "weights")
        let crossA = try fused.attend(x, context: memory), crossB = try unfused.attend(x, context: memory)
        assertClose(crossB.output.scalars, crossA.output.scalars, atol: 1e-5, rtol: 1e-5, "cross-attention output")
    }

    @Test func theUnfusedPathHasCorrectGradients() throws {
        let (_, unfused) = try Self.pair(outputProjection: false)
        var g = SeededGenerator(seed: 7)
        let x = try Tensor.normal([2, 5, 8], using: &g)
        try gradientCheck("unfused attention", inputs: [x] + unfused.parameters) { _ in
            try unfused.attend(x, causal: true, keyPadding: Self.padding).output
        }
    }

    @Test func probabilityDropoutZeroesWeightsOnlyInTraining() throws {
        var g = SeededGenerator(seed: 8)
        let attention = try MultiHeadAttention(width: 8, heads: 2, probabilityDropout: 0.5, using: &g)
        attention.seedDropout(3)
        let x = try Tensor.normal([1, 6, 8], using: &g)
        let trained = try attention(x), again = try attention(x)
        #expect(trained.scalars != again.scalars)  // new masks each call
        attention.eval()
        let evaluated = try attention(x)
        #expect(try attention(x).scalars == evaluated.scalars)
    }

    @Test func anAdditiveMaskOfMinusInfinityAboveTheDiagonalIsCausalMasking() throws {
        var g = SeededGenerator(seed: 9)
        let block = try TransformerBlock(config: .bert(width: 8, heads: 2, intermediateWidth: 16), using: &g)
        block.eval()
        let x = try Tensor.normal([2, 5, 8], using: &g)
        var values = [Float](repeating: 0, count: 25)
        for i in 0..<5 { for j in (i + 1)..<5 { values[i * 5 + j] = -.infinity } }
        let causalMask = try Tensor(shape: [5, 5], scalars: values)  // (T, T)
        var causalConfig = TransformerBlockConfig.bert(width: 8, heads: 2, intermediateWidth: 16)
        causalConfig.causal = true
        var h = SeededGenerator(seed: 9)
        let causalBlock = try TransformerBlock(config: causalConfig, using: &h)
        causalBlock.eval()
        // Equal up to rounding: a mask takes the row-wise kernels, narrow causal heads the query lanes.
        assertClose(try block(x, mask: causalMask).x.scalars, try causalBlock(x).x.scalars, atol: 1e-5, rtol: 1e-5, "masked block")
    }
}
