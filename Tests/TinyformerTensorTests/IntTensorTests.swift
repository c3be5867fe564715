// IntTensor (integer ids with a shape) and the ops that take it.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func intTensorHoldsRowMajorValuesWithTheirShape() throws {
    let ids = try IntTensor([[1, 2, 3], [4, 5, 6]])
    #expect(ids.shape == [2, 3] && ids.values == [1, 2, 3, 4, 5, 6])
    #expect(ids.count == 6 && ids.rank == 2)
    #expect(try ids[row: 1] == [4, 5, 6])
    #expect(try ids == IntTensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6]))
    #expect(try ids.reshaped([-1]) == IntTensor(shape: [6], values: ids.values))
    #expect(try ids.reshaped([3, -1]).shape == [3, 2])
    #expect(try IntTensor([]).shape == [0, 0])
    #expect(try IntTensor(shape: [], values: [7]).rank == 0)
}

@Test func intTensorRejectsAMiscountedShapeNamingIt() throws {
    let e = expectError(mentioning: ["IntTensor", "[2, 3]", "5"]) { try IntTensor(shape: [2, 3], values: [1, 2, 3, 4, 5]) }
    #expect(e == .scalarCount(op: "IntTensor(shape:values:)", shape: [2, 3], count: 5))
    let negative = expectError(mentioning: ["IntTensor", "[-1, 3]"]) { try IntTensor(shape: [-1, 3], values: []) }
    if case .invalidShape? = negative {} else { Issue.record("expected invalidShape, got \(String(describing: negative))") }
}

@Test func intTensorRejectsRaggedRowsNamingTheRow() throws {
    let e = expectError(mentioning: ["IntTensor", "row 2", "2 values", "row 0 has 3"]) {
        try IntTensor([[1, 2, 3], [4, 5, 6], [7, 8]])
    }
    if case .invalidArgument? = e {} else { Issue.record("expected invalidArgument, got \(String(describing: e))") }
}

@Test func intTensorRowSubscriptAndReshapeRejectBadInput() throws {
    let ids = try IntTensor([[1, 2], [3, 4]])
    let e = expectError(mentioning: ["IntTensor[row:]", "2", "0..<2"]) { try ids[row: 2] }
    #expect(e == .indexOutOfRange(op: "IntTensor[row:]", index: 2, validRange: "rows 0..<2 of [2, 2]"))
    expectError(mentioning: ["IntTensor[row:]", "[4]", "rank 2"]) { try ids.reshaped([4])[row: 0] }
    expectError(mentioning: ["IntTensor.reshaped", "[2, 2]", "[3]"]) { try ids.reshaped([3]) }
    expectError(mentioning: ["IntTensor.reshaped", "[-1, -1]"]) { try ids.reshaped([-1, -1]) }
}

@Test(arguments: ["cross_entropy", "cross_entropy_ignore_weights"])
func crossEntropyOfIntTensorTargetsMatchesTorch(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["logits"]) { f, t in
        let logits = t["logits"]!
        let weights = f.has("input.weights") ? try f.scalars("input.weights") : nil
        // Shaped like the logits without V: (B, T).
        let targets = try IntTensor(shape: Array(logits.shape.dropLast()), values: f.ints("input.targets"))
        return try logits.crossEntropy(targets: targets, ignoreIndex: f.metadataInt("ignore_index"), weights: weights)
    }
}

@Test func crossEntropyAcceptsFlatIntTensorTargetsAndRejectsOtherShapes() throws {
    let logits = try randomTensor([2, 3, 5], seed: 82)
    let flat = try logits.crossEntropy(targets: IntTensor(shape: [6], values: [0, 1, 2, 3, 4, 0]))
    let shaped = try logits.crossEntropy(targets: IntTensor([[0, 1, 2], [3, 4, 0]]))
    #expect(try flat.item() == shaped.item())
    expectError(mentioning: ["crossEntropy", "[2, 3, 5]", "[3, 2]"]) {
        try logits.crossEntropy(targets: IntTensor(shape: [3, 2], values: [0, 1, 2, 3, 4, 0]))
    }
}

@Test func embeddingOfIntTensorIdsHasTheIdsShapePlusChannels() throws {
    let table = try randomTensor([7, 4], seed: 72)
    let ids = try IntTensor([[6, 0, 3], [1, 1, 2]])
    let viaIntTensor = try Tensor.embedding(table, ids: ids)
    let viaArray = try Tensor.embedding(table, indices: ids.values, indexShape: ids.shape)
    #expect(viaIntTensor.shape == [2, 3, 4])
    #expect(viaIntTensor.scalars == viaArray.scalars)
    expectError(mentioning: ["embedding", "7"]) { try Tensor.embedding(table, ids: IntTensor([[7]])) }
}
