// Fused multi-head attention (heads interleaved in channels, causal and key-padding masks, additive
// float masks) against PyTorch fixtures and central differences; AttentionMaskTests has the rest
// of the mask's tests.
import Testing
import TinyformerTensor
import TinyformerTestSupport

private let attentionCases = [
    "attention_h1", "attention_h2", "attention_h1_causal", "attention_h2_causal", "attention_h1_padding",
    "attention_h2_padding", "attention_h2_causal_padding", "attention_h2_cross", "attention_h2_cross_causal",
    "attention_h2_scale", "attention_h2_lanes", "attention_h1_lanes_cross", "attention_h2_rows",
    "attention_h1_rows_cross",
    // With an additive float mask (`input.mask`): (Tq, Tk), (B, Tq, Tk) or (B, H, Tq, Tk).
    "attention_h2_mask", "attention_h2_mask_batch_causal", "attention_h2_mask_heads_padding",
    "attention_h2_mask_causal_padding", "attention_h2_mask_cross", "attention_h1_mask_rows", "attention_h2_mask_neginf",
]

@Test(arguments: attentionCases)
func attentionMatchesTorchOutputWeightsAndGradients(case name: String) throws {
    var weights: Tensor?
    let fixture = try Fixture.runOp(name, differentiable: ["query", "key", "value"]) { f, t in
        let padding = try f.metadataBool("key_padding") ? f.bools("input.key_padding") : nil
        let mask = f.has("input.mask") ? try f.tensor("input.mask") : nil
        let result = try Tensor.attention(query: t["query"]!, key: t["key"]!, value: t["value"]!,
                                          heads: f.metadataInt("heads"), causal: f.metadataBool("causal"),
                                          keyPadding: padding, mask: mask, scale: f.metadataFloat("scale"))
        weights = result.weights
        return result.output
    }
    try fixture.expect(weights, matches: "weights")
}

@Test func scaledDotProductAttentionReturnsTheAttentionOutput() throws {
    let f = try Fixture("ops/attention_h2_causal_padding")
    let output = try Tensor.scaledDotProductAttention(
        query: f.tensor("input.query"), key: f.tensor("input.key"), value: f.tensor("input.value"),
        heads: 2, causal: true, keyPadding: f.bools("input.key_padding"))
    try f.expect(output, matches: "output")
}

/// (heads, Tq, Tk, Dk, Dv, causal, padding, scale)
private let gradientConfigurations: [(Int, Int, Int, Int, Int, Bool, Bool, Float?)] = [
    (1, 4, 4, 3, 3, false, false, nil),
    (2, 4, 4, 3, 3, true, false, nil),
    (2, 4, 4, 3, 2, false, true, nil),
    (2, 4, 4, 2, 3, true, true, nil),    // masked self-attention: causal + key padding
    (2, 3, 5, 2, 3, false, true, nil),   // cross-attention Tq ≠ Tk with padding
    (2, 2, 4, 3, 2, true, true, 0.7),    // causal cross-attention, custom scale
    (1, 11, 10, 9, 8, true, true, nil),  // two blocks of query lanes, 8×8 transposes
    (1, 66, 3, 2, 2, false, true, nil),  // more queries than query lanes take: the row-wise path
]

@Test(arguments: gradientConfigurations.indices)
func attentionGradientsMatchCentralDifferences(configuration index: Int) throws {
    let (heads, tq, tk, dk, dv, causal, padded, scale) = gradientConfigurations[index]
    let batch = 2
    let q = try randomTensor([batch, tq, heads * dk], seed: 50)
    let k = try randomTensor([batch, tk, heads * dk], seed: 51)
    let v = try randomTensor([batch, tk, heads * dv], seed: 52)
    var padding: [Bool]?
    if padded {  // the last key of item 1 and key 1 of item 0 (never a whole causal row)
        var p = [Bool](repeating: false, count: batch * tk)
        p[tk + tk - 1] = true
        p[1] = true
        padding = p
    }
    try gradientCheck("attention heads \(heads) Tq \(tq) Tk \(tk) causal \(causal) padding \(padded)", inputs: [q, k, v]) {
        try Tensor.attention(query: $0[0], key: $0[1], value: $0[2], heads: heads, causal: causal,
                             keyPadding: padding, scale: scale).output
    }
}

@Test func attentionMasksGiveZeroWeightAndRowsSumToOne() throws {
    let q = try randomTensor([2, 4, 6], seed: 53), k = try randomTensor([2, 4, 6], seed: 54), v = try randomTensor([2, 4, 6], seed: 55)
    let padding = [false, false, true, false, false, false, false, true]
    let result = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true, keyPadding: padding)
    let w = result.weights.scalars  // (B, H, Tq, Tk)
    #expect(result.weights.shape == [2, 2, 4, 4])
    #expect(result.weights.requiresGrad == false)
    for b in 0..<2 {
        for h in 0..<2 {
            for i in 0..<4 {
                let row = Array(w[(((b * 2 + h) * 4 + i) * 4)...].prefix(4))
                #expect(abs(row.reduce(0, +) - 1) < 1e-5, "row sum b \(b) h \(h) i \(i): \(row)")
                for j in 0..<4 where j > i || padding[b * 4 + j] {
                    #expect(row[j] == 0, "masked weight b \(b) h \(h) query \(i) key \(j) is \(row[j])")
                }
            }
        }
    }
}

@Test func attentionQueryWithEveryKeyMaskedGivesZerosNotNaN() throws {
    // Causal + padding of key 0: query 0 of item 0 has no visible key.
    let q = try randomTensor([1, 3, 4], seed: 56), k = try randomTensor([1, 3, 4], seed: 57), v = try randomTensor([1, 3, 4], seed: 58)
    let result = try Tensor.attention(query: q, key: k, value: v, heads: 2, causal: true, keyPadding: [true, false, false])
    let out = result.output.scalars
    #expect(Array(out[0..<4]) == [0, 0, 0, 0])
    #expect(out.allSatisfy { $0.isFinite })
    try result.output.sum().backward()
    for t in [q, k, v] {
        #expect(try #require(t.grad).scalars.allSatisfy { $0.isFinite })
    }
    #expect(Array(try #require(q.grad).scalars[0..<4]) == [0, 0, 0, 0])
}
