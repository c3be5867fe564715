// Attention over packed projections (one (B, T, 3C) [Q | K | V] tensor, or a query with one
// (B, Tk, 2C) [K | V] tensor) runs the same kernels as three separate tensors, only with wider
// row strides: outputs, weights and gradients must be identical bit for bit.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: [(1, false, false), (2, true, false), (4, true, true)])
func packedQueryKeyValueEqualsSeparateTensors(heads: Int, causal: Bool, padded: Bool) throws {
    let batch = 3, length = 5, width = 8
    let qkv = try randomTensor([batch, length, 3 * width], seed: 60)
    let q = try qkv.slice(axis: 2, range: 0..<width).detached(), k = try qkv.slice(axis: 2, range: width..<(2 * width)).detached()
    let v = try qkv.slice(axis: 2, range: (2 * width)..<(3 * width)).detached()
    for t in [q, k, v] { t.requiresGrad = true }
    let padding: [Bool]? = padded ? (0..<(batch * length)).map { $0 % 7 == 3 } : nil
    let packed = try Tensor.attention(packedQueryKeyValue: qkv, heads: heads, causal: causal, keyPadding: padding)
    let separate = try Tensor.attention(query: q, key: k, value: v, heads: heads, causal: causal, keyPadding: padding)
    #expect(packed.output.scalars == separate.output.scalars)
    #expect(packed.weights.scalars == separate.weights.scalars)

    let upstream = try randomTensor([batch, length, width], seed: 61)
    try packed.output.backward(gradient: upstream)
    try separate.output.backward(gradient: upstream)
    let expected = try Tensor.concat([q.grad!, k.grad!, v.grad!], axis: 2).scalars
    #expect(qkv.grad!.scalars == expected, "the gradient lands in the Q, K and V column blocks")
}

@Test func queryOverPackedKeyValueEqualsSeparateTensors() throws {
    let batch = 2, tq = 3, tk = 6, width = 8
    let query = try randomTensor([batch, tq, width], seed: 62), kv = try randomTensor([batch, tk, 2 * width], seed: 63)
    let k = try kv.slice(axis: 2, range: 0..<width).detached(), v = try kv.slice(axis: 2, range: width..<(2 * width)).detached()
    k.requiresGrad = true
    v.requiresGrad = true
    let q2 = query.copy()
    q2.requiresGrad = true
    let packed = try Tensor.attention(query: query, packedKeyValue: kv, heads: 2)
    let separate = try Tensor.attention(query: q2, key: k, value: v, heads: 2)
    #expect(packed.output.scalars == separate.output.scalars)
    let upstream = try randomTensor([batch, tq, width], seed: 64)
    try packed.output.backward(gradient: upstream)
    try separate.output.backward(gradient: upstream)
    #expect(query.grad!.scalars == q2.grad!.scalars)
    #expect(kv.grad!.scalars == (try Tensor.concat([k.grad!, v.grad!], axis: 2)).scalars)
}

@Test func packedAttentionGradientsMatchCentralDifferences() throws {
    let qkv = try randomTensor([2, 4, 12], seed: 65)
    try gradientCheck("attention(packedQueryKeyValue:) heads 2 causal", inputs: [qkv]) {
        try Tensor.attention(packedQueryKeyValue: $0[0], heads: 2, causal: true).output
    }
    let query = try randomTensor([2, 3, 4], seed: 66), kv = try randomTensor([2, 5, 8], seed: 67)
    try gradientCheck("attention(query:packedKeyValue:) heads 2", inputs: [query, kv]) {
        try Tensor.attention(query: $0[0], packedKeyValue: $0[1], heads: 2).output
    }
}

@Test func oneTensorAsQueryKeyAndValueAccumulatesAllThreeGradients() throws {
    // The three gradient blocks coincide, so the backward must add, not overwrite.
    let x = try randomTensor([2, 4, 6], seed: 68)
    try gradientCheck("attention(query: x, key: x, value: x) heads 2", inputs: [x]) {
        try Tensor.attention(query: $0[0], key: $0[0], value: $0[0], heads: 2, causal: true).output
    }
}

@Test func aSecondAttentionOverTheSameProjectionAddsToItsGradient() throws {
    // The first backward overwrites a fresh gradient; the second must accumulate onto it.
    let qkv = try randomTensor([2, 3, 12], seed: 69)
    let once = try Tensor.attention(packedQueryKeyValue: qkv, heads: 2).output
    try once.sum().backward()
    let single = qkv.grad!.scalars
    qkv.zeroGrad()
    let a = try Tensor.attention(packedQueryKeyValue: qkv, heads: 2).output
    let b = try Tensor.attention(packedQueryKeyValue: qkv, heads: 2).output
    try (a + b).sum().backward()
    assertClose(qkv.grad!.scalars, single.map { 2 * $0 }, atol: 1e-6, rtol: 1e-6, "two uses give twice the gradient")
}
