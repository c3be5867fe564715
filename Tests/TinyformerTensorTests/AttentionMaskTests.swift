// The additive float mask of Tensor.attention (attn_mask in scaled_dot_product_attention):
// (Tq, Tk), (B, Tq, Tk) and (B, H, Tq, Tk), with causal and key-padding masks, −∞ entries, all
// three entry points. The fixture cases run with the others in AttentionTests.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func aMaskRowOfMinusInfinityGivesZeroWeightsOutputAndGradient() throws {
    // attention_h2_mask_neginf: batch 0, head 0, query 1 is −∞ for every key; batch 1, head 1,
    // query 0 sees only key 0 (causal), which the mask sets to −∞.
    let f = try Fixture("ops/attention_h2_mask_neginf")
    let q = try f.tensor("input.query", requiresGrad: true)
    let result = try Tensor.attention(query: q, key: f.tensor("input.key"), value: f.tensor("input.value"),
                                      heads: 2, causal: true, mask: f.tensor("input.mask"))
    let w = result.weights.scalars  // (B, H, Tq, Tk) = (2, 2, 5, 5)
    #expect(Array(w[5..<10]) == [0, 0, 0, 0, 0])
    #expect(Array(w[75..<80]) == [0, 0, 0, 0, 0])
    #expect(Array(result.output.scalars[8..<12]) == [0, 0, 0, 0], "batch 0, query 1, head 0's channels")
    try result.output.backward(gradient: f.tensor("upstream"))
    let g = try #require(q.grad).scalars
    #expect(Array(g[8..<12]) == [0, 0, 0, 0], "no gradient reaches the masked query's head-0 channels")
    #expect(g.allSatisfy { $0.isFinite })
}

@Test func aZeroMaskGivesTheUnmaskedResult() throws {
    let q = try randomTensor([2, 5, 8], seed: 160), k = try randomTensor([2, 5, 8], seed: 161), v = try randomTensor([2, 5, 8], seed: 162)
    let padding = [false, true, false, false, false, false, false, false, false, true]
    let plain = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true, keyPadding: padding)
    for shape in [[5, 5], [2, 5, 5], [2, 2, 5, 5]] {
        let masked = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true, keyPadding: padding,
                                          mask: Tensor.zeros(shape))
        assertClose(masked.output.scalars, plain.output.scalars, atol: 1e-6, rtol: 1e-5, "output with a zero mask \(shape)")
        assertClose(masked.weights.scalars, plain.weights.scalars, atol: 1e-6, rtol: 1e-5, "weights with a zero mask \(shape)")
    }
}

@Test func maskBroadcastsOverHeadsAndBatchLikeItsExpandedForm() throws {
    let q = try randomTensor([2, 4, 6], seed: 163), k = try randomTensor([2, 3, 6], seed: 164), v = try randomTensor([2, 3, 6], seed: 165)
    let small = try randomTensor([4, 3], seed: 166).detached()
    let expanded = try Tensor(shape: [2, 2, 4, 3], scalars: Array([[Float]](repeating: small.scalars, count: 4).joined()))
    let a = try Tensor.attention(query: q, key: k, value: v, heads: 2, mask: small)
    let b = try Tensor.attention(query: q, key: k, value: v, heads: 2, mask: expanded)
    #expect(a.output.scalars == b.output.scalars)
    #expect(a.weights.scalars == b.weights.scalars)
}

/// (heads, Tq, Tk, mask shape, causal, padded)
private let maskGradientConfigurations: [(Int, Int, Int, [Int], Bool, Bool)] = [
    (2, 4, 4, [4, 4], false, false),
    (2, 4, 4, [2, 4, 4], true, false),
    (2, 3, 5, [2, 2, 3, 5], false, true),
    (1, 11, 10, [2, 1, 11, 10], true, true),  // would take the query lanes without a mask
]

@Test(arguments: maskGradientConfigurations.indices)
func maskedAttentionGradientsMatchCentralDifferences(configuration index: Int) throws {
    let (heads, tq, tk, maskShape, causal, padded) = maskGradientConfigurations[index]
    let q = try randomTensor([2, tq, heads * 3], seed: 170), k = try randomTensor([2, tk, heads * 3], seed: 171)
    let v = try randomTensor([2, tk, heads * 2], seed: 172)
    let mask = try randomTensor(maskShape, seed: 173, std: 2).detached()
    let padding: [Bool]? = padded ? (0..<(2 * tk)).map { $0 == 1 || $0 == 2 * tk - 1 } : nil
    try gradientCheck("masked attention \(maskShape) causal \(causal) padding \(padded)", inputs: [q, k, v]) {
        try Tensor.attention(query: $0[0], key: $0[1], value: $0[2], heads: heads, causal: causal,
                             keyPadding: padding, mask: mask).output
    }
}

@Test func packedAttentionWithAMaskEqualsSeparateTensorsAndMatchesCentralDifferences() throws {
    let batch = 2, length = 4, width = 8
    let qkv = try randomTensor([batch, length, 3 * width], seed: 174)
    let mask = try randomTensor([batch, length, length], seed: 175).detached()
    let q = try qkv.slice(axis: 2, range: 0..<width).detached(), k = try qkv.slice(axis: 2, range: width..<(2 * width)).detached()
    let v = try qkv.slice(axis: 2, range: (2 * width)..<(3 * width)).detached()
    let packed = try Tensor.attention(packedQueryKeyValue: qkv, heads: 2, causal: true, mask: mask)
    let separate = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true, mask: mask)
    #expect(packed.output.scalars == separate.output.scalars)
    #expect(packed.weights.scalars == separate.weights.scalars)
    try gradientCheck("attention(packedQueryKeyValue:) with a (B, T, T) mask", inputs: [qkv]) {
        try Tensor.attention(packedQueryKeyValue: $0[0], heads: 2, causal: true, mask: mask).output
    }
    let query = try randomTensor([2, 3, 4], seed: 176), kv = try randomTensor([2, 5, 8], seed: 177)
    let crossMask = try randomTensor([2, 2, 3, 5], seed: 178).detached()
    try gradientCheck("attention(query:packedKeyValue:) with a (B, H, Tq, Tk) mask", inputs: [query, kv]) {
        try Tensor.attention(query: $0[0], packedKeyValue: $0[1], heads: 2, mask: crossMask).output
    }
}

@Test func maskedAttentionWithAResidualEqualsTheSeparateAdd() throws {
    let q = try randomTensor([2, 4, 6], seed: 179), r = try randomTensor([2, 4, 6], seed: 180)
    let mask = try randomTensor([4, 4], seed: 181).detached()
    let fused = try Tensor.attention(query: q, key: q, value: q, heads: 2, mask: mask, residual: r).output
    let separate = try r + Tensor.attention(query: q, key: q, value: q, heads: 2, mask: mask).output
    #expect(fused.scalars == separate.scalars)
}

@Test func attentionRejectsAMaskThatRequiresGradOrHasTheWrongShape() throws {
    let q = try Tensor.zeros([2, 4, 6]), kv = try Tensor.zeros([2, 5, 12]), qkv = try Tensor.zeros([2, 4, 18])
    let trainable = try Tensor.zeros([4, 5], requiresGrad: true)
    let e = expectError(mentioning: ["attention mask", "no gradient"]) {
        try Tensor.attention(query: q, packedKeyValue: kv, heads: 2, mask: trainable)
    }
    if case .invalidArgument? = e {} else { Issue.record("expected invalidArgument, got \(String(describing: e))") }
    expectError(mentioning: ["attention mask", "[5, 4]", "[2, 2, 4, 5]"]) {
        try Tensor.attention(query: q, packedKeyValue: kv, heads: 2, mask: Tensor.zeros([5, 4]))
    }
    expectError(mentioning: ["attention mask", "[3, 4, 4]", "[2, 3, 4, 4]"]) {
        try Tensor.attention(packedQueryKeyValue: qkv, heads: 3, mask: Tensor.zeros([3, 4, 4]))
    }
    expectError(mentioning: ["attention mask", "[2, 1, 4, 4]"]) {
        try Tensor.attention(query: q, key: q, value: q, heads: 2, mask: Tensor.zeros([2, 1, 4, 4]))
    }
    expectError(mentioning: ["attention mask", "[4]"]) {
        try Tensor.attention(query: q, key: q, value: q, mask: Tensor.zeros([4]))
    }
}
