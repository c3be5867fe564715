// A transformer block's residual add fused into the op that ends its sublayer (attention, the
// course's Linear + ReLU) must give exactly what the separate `residual + op(...)` gives:
// outputs and every gradient, bit for bit, including when the residual is also the op's input.
import Testing
import TinyformerTensor
import TinyformerTestSupport

/// (heads, T, width): query lanes (T ≥ 4, narrow heads), the rows (T < 4; width 96 per head;
/// T > 64).
private let selfAttentionShapes: [(Int, Int, Int)] = [(2, 5, 8), (1, 11, 16), (1, 3, 8), (1, 6, 96), (2, 66, 4)]

@Test(arguments: selfAttentionShapes.indices)
func selfAttentionWithAResidualIsResidualPlusAttentionBitForBit(shape index: Int) throws {
    let (heads, length, width) = selfAttentionShapes[index]
    // The block's pattern: x feeds the Q/K/V projection and is the residual.
    func run(fused: Bool) throws -> [[Float]] {
        let x = try randomTensor([2, length, width], seed: 70), w = try randomTensor([3 * width, width], seed: 71)
        let qkv = try x.linear(weight: w)  // (B, T, 3C)
        let y = fused
            ? try Tensor.attention(packedQueryKeyValue: qkv, heads: heads, causal: true, residual: x).output
            : try x + Tensor.attention(packedQueryKeyValue: qkv, heads: heads, causal: true).output
        try y.backward(gradient: randomTensor(y.shape, seed: 72))
        return [y.scalars, try #require(x.grad).scalars, try #require(w.grad).scalars]
    }
    #expect(try run(fused: true) == run(fused: false))
}

@Test func crossAttentionWithAResidualIsResidualPlusAttentionBitForBit() throws {
    func run(fused: Bool) throws -> [[Float]] {
        let y = try randomTensor([2, 7, 8], seed: 73), memory = try randomTensor([2, 5, 16], seed: 74)
        let wq = try randomTensor([8, 8], seed: 75)
        let query = try y.linear(weight: wq)  // (B, Tq, C)
        let padding = (0..<10).map { $0 == 3 }
        let out = fused
            ? try Tensor.attention(query: query, packedKeyValue: memory, heads: 2, keyPadding: padding, residual: y).output
            : try y + Tensor.attention(query: query, packedKeyValue: memory, heads: 2, keyPadding: padding).output
        try out.backward(gradient: randomTensor(out.shape, seed: 76))
        return [out.scalars, try #require(y.grad).scalars, try #require(memory.grad).scalars, try #require(wq.grad).scalars]
    }
    #expect(try run(fused: true) == run(fused: false))
}

@Test(arguments: [[2, 5, 8], [600, 32]])  // the second splits over the pool
func linearReLUWithAResidualIsResidualPlusLinearReLUBitForBit(input: [Int]) throws {
    // The course MLP sublayer: y + ReLU(Linear(y)).
    func run(fused: Bool) throws -> [[Float]] {
        let x = try randomTensor(input, seed: 77), w = try randomTensor([input.last!, input.last!], seed: 78)
        let b = try randomTensor([input.last!], seed: 79)
        let y = fused ? try x.linearReLU(weight: w, bias: b, residual: x) : try x + x.linearReLU(weight: w, bias: b)
        try y.backward(gradient: randomTensor(y.shape, seed: 80))
        return [y.scalars, try #require(x.grad).scalars, try #require(w.grad).scalars, try #require(b.grad).scalars]
    }
    #expect(try run(fused: true) == run(fused: false))
}

@Test func residualGradientsMatchCentralDifferences() throws {
    let qkv = try randomTensor([2, 5, 12], seed: 81), residual = try randomTensor([2, 5, 4], seed: 82)
    try gradientCheck("attention(packedQueryKeyValue:residual:)", inputs: [qkv, residual]) {
        try Tensor.attention(packedQueryKeyValue: $0[0], heads: 2, causal: true, residual: $0[1]).output
    }
    let x = try randomTensorAwayFromZero([3, 5], seed: 83), w = try randomTensor([4, 5], seed: 84)
    let b = try randomTensor([4], seed: 85), r = try randomTensor([3, 4], seed: 86)
    try gradientCheck("linearReLU(residual:)", inputs: [x, w, b, r]) {
        try $0[0].linearReLU(weight: $0[1], bias: $0[2], residual: $0[3])
    }
}

@Test func aResidualNotShapedLikeTheOutputIsAnError() throws {
    let qkv = try randomTensor([2, 5, 12], seed: 87)
    #expect(throws: TensorError.self) {
        try Tensor.attention(packedQueryKeyValue: qkv, heads: 2, residual: try randomTensor([2, 5, 12], seed: 88))
    }
    let x = try randomTensor([3, 5], seed: 89), w = try randomTensor([4, 5], seed: 90)
    #expect(throws: TensorError.self) { try x.linearReLU(weight: w, residual: x) }
}
