// Embedding lookup (with repeated indices, so the backward must scatter-add).
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func embeddingMatchesTorchForwardAndScatterAddsGradients() throws {
    try Fixture.runOp("embedding", differentiable: ["table"]) { f, t in
        try Tensor.embedding(t["table"]!, indices: f.ints("input.indices"), indexShape: f.shape("input.indices"))
    }
}

@Test func embeddingGradientsMatchCentralDifferences() throws {
    let table = try randomTensor([5, 3], seed: 70)
    let indices = [4, 0, 4, 2, 2, 4]  // row 1 and 3 unused, 4 used three times
    try gradientCheck("embedding", inputs: [table]) { try Tensor.embedding($0[0], indices: indices, indexShape: [2, 3]) }
    // Unused rows get exactly zero gradient.
    let g = try #require(table.grad).scalars
    #expect(Array(g[3..<6]) == [0, 0, 0])
    #expect(Array(g[9..<12]) == [0, 0, 0])
}
