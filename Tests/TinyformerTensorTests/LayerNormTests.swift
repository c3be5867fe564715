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
