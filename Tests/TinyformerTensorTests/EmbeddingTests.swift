// Row gathers: the embedding lookup (with repeated indices, so the backward must scatter-add) and
// gatherPositions (one position per batch row).
import Testing
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Test func embeddingMatchesTorchForwardAndScatterAddsGradients() throws {
    try Fixture.runOp("embedding", differentiable: ["table"]) { f, t in
        try Tensor.embedding(t["table"]!, indices: f.ints("input.indices"), indexShape: f.shape("input.indices"))
    }
}

@Test func embeddingOfAnIntTensorMatchesTorch() throws {
    try Fixture.runOp("embedding", differentiable: ["table"]) { f, t in
        try Tensor.embedding(t["table"]!, ids: IntTensor(shape: f.shape("input.indices"), values: f.ints("input.indices")))
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

@Test func aPaddingIndexRowGetsNoGradientAndTheOthersTheirCentralDifferences() throws {
    let indices = [4, 0, 4, 2, 1, 4]  // the padding row 4 used three times, row 3 unused
    let plain = try randomTensor([5, 3], seed: 72)
    try gradientCheck("embedding", inputs: [plain]) { try Tensor.embedding($0[0], indices: indices, indexShape: [2, 3]) }
    let padded = try randomTensor([5, 3], seed: 72)
    var generator = SeededGenerator(seed: 7)  // gradientCheck's upstream
    let upstream = try Tensor.normal([2, 3, 3], using: &generator)
    let y = try Tensor.embedding(padded, indices: indices, indexShape: [2, 3], paddingIndex: 4)
    #expect(y.scalars == (try Tensor.embedding(padded, indices: indices, indexShape: [2, 3])).scalars, "forward unchanged")
    try y.backward(gradient: upstream)
    let g = try #require(padded.grad).scalars, expected = try #require(plain.grad).scalars
    #expect(Array(g[0..<12]) == Array(expected[0..<12]), "rows 0–3 as without padding index")
    #expect(Array(g[12..<15]) == [0, 0, 0], "the padding row")
    expectError(mentioning: ["embedding paddingIndex", "5", "0..<5"]) {
        try Tensor.embedding(padded, indices: indices, indexShape: [6], paddingIndex: 5)
    }
}

@Test func gatherPositionsMatchesTorchForwardAndGradients() throws {
    try Fixture.runOp("gather_positions", differentiable: ["x"]) { f, t in try t["x"]!.gatherPositions(f.ints("input.positions")) }
}

@Test func gatherPositionsOfAnIntTensorMatchesTorch() throws {
    try Fixture.runOp("gather_positions", differentiable: ["x"]) { f, t in
        try t["x"]!.gatherPositions(IntTensor(shape: [3], values: f.ints("input.positions")))
    }
}

@Test func gatherPositionsGradientsMatchCentralDifferences() throws {
    let x = try randomTensor([3, 4, 5], seed: 71)
    try gradientCheck("gatherPositions", inputs: [x]) { try $0[0].gatherPositions([3, 0, 3]) }
    // Only the gathered rows get a gradient.
    let g = try #require(x.grad).scalars
    #expect(g[0..<15].allSatisfy { $0 == 0 }, "rows 0–2 of item 0")
}

@Test func gatherPositionsRejectsABadRankCountOrPositionNamingTheRow() throws {
    let x = try Tensor.zeros([2, 4, 3])
    expectError(mentioning: ["gatherPositions", "[4, 3]", "rank 3"]) { try Tensor.zeros([4, 3]).gatherPositions([0]) }
    expectError(mentioning: ["gatherPositions", "[2, 4, 3]", "[3]"]) { try x.gatherPositions([0, 1, 2]) }
    let e = expectError(mentioning: ["gatherPositions", "4", "0..<4", "row 1"]) { try x.gatherPositions([3, 4]) }
    #expect(e == .indexOutOfRange(op: "gatherPositions", index: 4, validRange: "0..<4 (the position of row 1)"))
    expectError(mentioning: ["gatherPositions", "-1", "row 0"]) { try x.gatherPositions([-1, 0]) }
    expectError(mentioning: ["gatherPositions", "[2, 1]", "rank 1"]) { try x.gatherPositions(IntTensor([[0], [1]])) }
}
