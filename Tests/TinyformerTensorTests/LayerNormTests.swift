// Layer normalisation (with and without affine parameters) against PyTorch and central differences.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["layer_norm_affine", "layer_norm_eps"])
func layerNormMatchesTorchForwardAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["x", "weight", "bias"]) { f, t in
        try t["x"]!.layerNorm(weight: t["weight"]!, bias: t["bias"]!, eps: f.metadataNumber("eps"))
    }
}

@Test func layerNormWithoutAffineMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("layer_norm_plain", differentiable: ["x"]) { f, t in
        try t["x"]!.layerNorm(weight: nil, bias: nil, eps: f.metadataNumber("eps"))
    }
}

@Test func layerNormWithWeightOnlyMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("layer_norm_weight_only", differentiable: ["x", "weight"]) { f, t in
        try t["x"]!.layerNorm(weight: t["weight"]!, bias: nil, eps: f.metadataNumber("eps"))
    }
}

@Test func layerNormGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([3, 2, 6], seed: 60, std: 1.5, mean: 0.3)
    let w = try randomTensor([6], seed: 61, std: 0.5, mean: 1), b = try randomTensor([6], seed: 62)
    try gradientCheck("layerNorm affine", inputs: [x, w, b]) { try $0[0].layerNorm(weight: $0[1], bias: $0[2]) }
    try gradientCheck("layerNorm plain", inputs: [x]) { try $0[0].layerNorm(weight: nil, bias: nil) }
    try gradientCheck("layerNorm eps 0.5", inputs: [x, w]) { try $0[0].layerNorm(weight: $0[1], bias: nil, eps: 0.5) }
}

@Test func layerNormGradientsMatchCentralDifferencesWhenRowsSpanVectorsAndATail() throws {
    // 19 features: two 8-lane vectors and three leftover elements in every row.
    let x = try randomTensor([2, 3, 19], seed: 63, std: 1.2, mean: -0.4)
    let w = try randomTensor([19], seed: 64, std: 0.5, mean: 1), b = try randomTensor([19], seed: 65)
    try gradientCheck("layerNorm affine, 19 features", inputs: [x, w, b]) { try $0[0].layerNorm(weight: $0[1], bias: $0[2]) }
    try gradientCheck("layerNorm plain, 19 features", inputs: [x]) { try $0[0].layerNorm(weight: nil, bias: nil) }
}

@Test func layerNormOfARowDoesNotDependOnTheRowsBesideIt() throws {
    let rows = 300, c = 67  // enough rows to be split over the pool; vectors and a tail
    let x = try randomTensor([rows, c], seed: 66, std: 2, mean: 0.7)
    let w = try randomTensor([c], seed: 67, std: 0.5, mean: 1), b = try randomTensor([c], seed: 68)
    let whole = try x.layerNorm(weight: w, bias: b).scalars
    let xs = x.scalars
    for r in [0, 1, 149, 299] {
        let row = try Tensor(shape: [1, c], scalars: Array(xs[(r * c)..<((r + 1) * c)]))
        #expect(try row.layerNorm(weight: w, bias: b).scalars == Array(whole[(r * c)..<((r + 1) * c)]), "row \(r)")
    }
}

@Test func layerNormWithoutGradientRecordingGivesTheSameNumbers() throws {
    let x = try randomTensor([5, 4, 40], seed: 69, std: 1.5)
    let w = try randomTensor([40], seed: 70, std: 0.5, mean: 1), b = try randomTensor([40], seed: 71)
    let recorded = try x.layerNorm(weight: w, bias: b)
    let inference = try withNoGrad { try x.layerNorm(weight: w, bias: b) }
    #expect(recorded.requiresGrad && !inference.requiresGrad)
    #expect(inference.scalars == recorded.scalars)
}
