// linear, matmul and bmm against PyTorch fixtures and central differences.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["linear", "linear_2d"])
func linearMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x", "weight", "bias"]) { _, t in
        try t["x"]!.linear(weight: t["weight"]!, bias: t["bias"]!)
    }
}

@Test func linearWithoutBiasMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("linear_no_bias", differentiable: ["x", "weight"]) { _, t in
        try t["x"]!.linear(weight: t["weight"]!)
    }
}

@Test(arguments: ["matmul", "matmul_2d"])
func matmulMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["a", "b"]) { _, t in try t["a"]!.matmul(t["b"]!) }
}

@Test(arguments: ["bmm_nn", "bmm_tn", "bmm_nt", "bmm_tt"])
func bmmMatchesTorchForwardAndGradientsForEveryTransposeCombination(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["a", "b"]) { f, t in
        try t["a"]!.bmm(t["b"]!, transposeSelf: f.metadataBool("transpose_self"),
                        transposeOther: f.metadataBool("transpose_other"))
    }
}

@Test func linearGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([2, 3, 5], seed: 1), w = try randomTensor([4, 5], seed: 2), b = try randomTensor([4], seed: 3)
    try gradientCheck("linear", inputs: [x, w, b]) { try $0[0].linear(weight: $0[1], bias: $0[2]) }
    try gradientCheck("linear without bias", inputs: [x, w]) { try $0[0].linear(weight: $0[1]) }
}

@Test func matmulGradientsMatchCentralDifferences() throws {
    let a = try randomTensor([2, 3, 5], seed: 4), b = try randomTensor([5, 4], seed: 5)
    try gradientCheck("matmul", inputs: [a, b]) { try $0[0].matmul($0[1]) }
}

@Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
func bmmGradientsMatchCentralDifferences(transposeSelf: Bool, transposeOther: Bool) throws {
    let (m, k, n) = (3, 4, 2)
    let a = try randomTensor(transposeSelf ? [2, k, m] : [2, m, k], seed: 6)
    let b = try randomTensor(transposeOther ? [2, n, k] : [2, k, n], seed: 7)
    try gradientCheck("bmm transposeSelf \(transposeSelf) transposeOther \(transposeOther)", inputs: [a, b]) {
        try $0[0].bmm($0[1], transposeSelf: transposeSelf, transposeOther: transposeOther)
    }
}

@Test func weightGradientSplitOverRowsMatchesAFloat64Reference() throws {
    // 1,200 rows and a 160×64 weight: an OpenBLAS-sized Aᵀ·B whose rows (the inner dimension) are
    // split over the threads, the partial sums added after the parallel region.
    let (rows, inFeatures, outFeatures) = (1_200, 64, 160)
    let x = try randomTensor([rows, inFeatures], seed: 30), w = try randomTensor([outFeatures, inFeatures], seed: 31)
    let g = try randomTensor([rows, outFeatures], seed: 32)
    for accumulateOntoExisting in [false, true] {
        w.zeroGrad()
        if accumulateOntoExisting { try x.linear(weight: w).backward(gradient: g) }  // dW already holds one gradient
        try x.linear(weight: w).backward(gradient: g)
        let xs = x.scalars, gs = g.scalars, copies = accumulateOntoExisting ? 2.0 : 1.0
        var expected = [Float](repeating: 0, count: outFeatures * inFeatures)
        for o in 0..<outFeatures {
            for i in 0..<inFeatures {
                var sum = 0.0
                for r in 0..<rows { sum += Double(gs[r * outFeatures + o]) * Double(xs[r * inFeatures + i]) }
                expected[o * inFeatures + i] = Float(copies * sum)
            }
        }
        assertClose(w.grad!.scalars, expected, atol: 2e-4, rtol: 1e-5, "dW over 1,200 rows (accumulating: \(accumulateOntoExisting))")
    }
}

// linearReLU: the fused MLP op is linear + ReLU, bit for bit.

@Test(arguments: [[2, 5, 8], [600, 32]])  // the second splits over the pool
func linearReLUIsLinearThenReLUBitForBit(input: [Int]) throws {
    func run(_ fused: Bool) throws -> [[Float]] {
        let x = try randomTensor(input, seed: 50), w = try randomTensor([24, input.last!], seed: 51)
        let b = try randomTensor([24], seed: 52)
        let y = fused ? try x.linearReLU(weight: w, bias: b) : try x.linear(weight: w, bias: b).relu()
        try y.backward(gradient: randomTensor(y.shape, seed: 53))
        return [y.scalars, x.grad!.scalars, w.grad!.scalars, b.grad!.scalars]
    }
    let fused = try run(true), separate = try run(false)
    #expect(fused == separate)
    #expect(fused[0].contains(0) && fused[0].contains { $0 > 0 }, "the ReLU must clip some outputs and keep others")
}

@Test func linearReLUGradientsMatchCentralDifferences() throws {
    let x = try randomTensorAwayFromZero([2, 3, 5], seed: 54), w = try randomTensor([4, 5], seed: 55)
    let b = try randomTensor([4], seed: 56)
    try gradientCheck("linearReLU", inputs: [x, w, b]) { try $0[0].linearReLU(weight: $0[1], bias: $0[2]) }
}

@Test func linearReLURejectsMismatchedShapes() throws {
    let x = try randomTensor([3, 4], seed: 57)
    #expect(throws: TensorError.self) { try x.linearReLU(weight: try randomTensor([2, 5], seed: 58)) }
    #expect(throws: TensorError.self) { try x.linearReLU(weight: try randomTensor([2, 4], seed: 59), bias: try randomTensor([3], seed: 60)) }
}
