import Foundation
// Bad input: every op throws a TensorError that names the op and the offending shapes or index,
// never traps.
import Testing
import TinyformerTensor
import TinyformerTestSupport

private func zeros(_ shape: [Int]) throws -> Tensor { try Tensor.zeros(shape) }

@Test func linearRejectsMismatchedWeightAndBiasNamingTheShapes() throws {
    let x = try zeros([2, 5, 8])
    _ = expectError(mentioning: ["linear", "[2, 5, 8]", "[6, 7]"]) { try x.linear(weight: zeros([6, 7])) }
    _ = expectError(mentioning: ["linear", "[6, 8]", "[5]"]) { try x.linear(weight: zeros([6, 8]), bias: zeros([5])) }
}

@Test func matmulRejectsMismatchedInnerSizesNamingTheShapes() throws {
    _ = expectError(mentioning: ["matmul", "[2, 5, 8]", "[7, 3]"]) { try zeros([2, 5, 8]).matmul(zeros([7, 3])) }
}

@Test func bmmRejectsMismatchedBatchOrInnerSizesNamingTheShapes() throws {
    _ = expectError(mentioning: ["bmm", "[3, 4, 5]", "[2, 5, 6]"]) { try zeros([3, 4, 5]).bmm(zeros([2, 5, 6])) }
    _ = expectError(mentioning: ["bmm", "[3, 4, 5]", "[3, 4, 6]"]) { try zeros([3, 4, 5]).bmm(zeros([3, 4, 6])) }
    _ = expectError(mentioning: ["bmm", "[3, 4, 5]", "[3, 6, 4]"]) {
        try zeros([3, 4, 5]).bmm(zeros([3, 6, 4]), transposeSelf: false, transposeOther: true)
    }
}

@Test func broadcastingOpsRejectShapesThatAreNotSuffixesNamingTheShapes() throws {
    let a = try zeros([2, 5, 8]), b = try zeros([5, 7]), c = try zeros([2, 1, 8])
    _ = expectError(mentioning: ["add", "[2, 5, 8]", "[5, 7]"]) { try a + b }
    _ = expectError(mentioning: ["sub", "[5, 7]", "[2, 5, 8]"]) { try b - a }
    _ = expectError(mentioning: ["mul", "[2, 5, 8]", "[2, 1, 8]"]) { try a * c }  // no size-1 broadcasting
}

@Test func attentionRejectsMismatchedQueryKeyValueShapes() throws {
    let q = try zeros([2, 5, 8])
    // Key width differs from the query's.
    let e1 = expectError(mentioning: ["attention", "[2, 5, 8]"]) {
        try Tensor.attention(query: q, key: zeros([2, 4, 6]), value: zeros([2, 4, 8]), heads: 2)
    }
    if case let .shapeMismatch(op, lhs, rhs, _)? = e1 {
        #expect(op == "attention query/key" && lhs == [2, 5, 8] && rhs == [2, 4, 6], "\(e1!)")
    } else {
        Issue.record("expected shapeMismatch, got \(String(describing: e1))")
    }
    // Value length differs from the key's: both shapes are named.
    _ = expectError(mentioning: ["attention key/value", "[2, 4, 8]", "[2, 3, 8]"]) {
        try Tensor.attention(query: q, key: zeros([2, 4, 8]), value: zeros([2, 3, 8]), heads: 2)
    }
    // Batch differs.
    _ = expectError(mentioning: ["attention"]) {
        try Tensor.attention(query: q, key: zeros([3, 5, 8]), value: zeros([3, 5, 8]))
    }
    // Heads do not divide the width; wrong rank; wrong padding length; heads < 1.
    _ = expectError(mentioning: ["attention", "3"]) { try Tensor.attention(query: q, key: q, value: q, heads: 3) }
    _ = expectError(mentioning: ["attention query", "[5, 8]", "rank 3"]) { try Tensor.attention(query: zeros([5, 8]), key: q, value: q) }
    _ = expectError(mentioning: ["attention", "[9]", "[2, 5]"]) {
        try Tensor.attention(query: q, key: q, value: q, keyPadding: [Bool](repeating: false, count: 9))
    }
    _ = expectError(mentioning: ["attention", "heads"]) { try Tensor.attention(query: q, key: q, value: q, heads: 0) }
}

@Test func layerNormRejectsMismatchedParametersNamingTheShapes() throws {
    let x = try zeros([2, 5, 8])
    _ = expectError(mentioning: ["layerNorm", "[2, 5, 8]", "[7]"]) { try x.layerNorm(weight: zeros([7]), bias: nil) }
    _ = expectError(mentioning: ["layerNorm", "[2, 5, 8]", "[8, 1]"]) { try x.layerNorm(weight: nil, bias: zeros([8, 1])) }
    _ = expectError(mentioning: ["layerNorm", "eps"]) { try x.layerNorm(weight: nil, bias: nil, eps: -1) }
}

@Test func embeddingRejectsIndicesOutOfRangeNamingTheIndex() throws {
    let table = try zeros([11, 4])
    let e = expectError(mentioning: ["embedding", "11", "0..<11"]) {
        try Tensor.embedding(table, indices: [0, 11, 2], indexShape: [3])
    }
    #expect(e == .indexOutOfRange(op: "embedding", index: 11, validRange: "0..<11"))
    _ = expectError(mentioning: ["embedding", "-1"]) { try Tensor.embedding(table, indices: [-1], indexShape: [1]) }
    _ = expectError(mentioning: ["embedding", "[2, 2]"]) { try Tensor.embedding(table, indices: [1, 2, 3], indexShape: [2, 2]) }
}

@Test func crossEntropyRejectsTargetsOutOfRangeAndMiscountedTargets() throws {
    let logits = try zeros([2, 3, 7])
    let e = expectError(mentioning: ["crossEntropy", "7", "0..<7"]) {
        try logits.crossEntropy(targets: [0, 1, 2, 3, 7, 5])
    }
    if case let .indexOutOfRange(op, index, _)? = e { #expect(op == "crossEntropy" && index == 7) }
    else { Issue.record("expected indexOutOfRange, got \(String(describing: e))") }
    // -1 is not the ignore index (-100), so it is out of range.
    _ = expectError(mentioning: ["crossEntropy", "-1"]) { try logits.crossEntropy(targets: [0, 1, 2, 3, -1, 5]) }
    // Without an ignore index, -100 is an ordinary (bad) target.
    _ = expectError(mentioning: ["crossEntropy", "-100"]) {
        try logits.crossEntropy(targets: [0, 1, 2, 3, -100, 5], ignoreIndex: nil)
    }
    _ = expectError(mentioning: ["crossEntropy", "[2, 3, 7]", "[5]"]) { try logits.crossEntropy(targets: [0, 1, 2, 3, 4]) }
    _ = expectError(mentioning: ["crossEntropy", "[2, 3, 7]", "[4]"]) {
        try logits.crossEntropy(targets: [0, 1, 2, 3, 4, 5], weights: [1, 1, 1, 1])
    }
}

@Test func reshapeRejectsADifferentElementCountNamingTheShapes() throws {
    let x = try zeros([2, 5, 8])
    _ = expectError(mentioning: ["reshape", "[2, 5, 8]", "[3, 7]"]) { try x.reshaped([3, 7]) }
    _ = expectError(mentioning: ["reshape", "[2, 5, 8]", "[-1, 7]"]) { try x.reshaped([-1, 7]) }
    _ = expectError(mentioning: ["reshape", "[-1, -1]"]) { try x.reshaped([-1, -1]) }
}

@Test func concatRejectsMismatchedShapesNamingTheShapes() throws {
    let a = try zeros([2, 5, 8])
    _ = expectError(mentioning: ["concat", "[2, 5, 8]", "[2, 5, 3]"]) { try Tensor.concat([a, zeros([2, 5, 3])], axis: 1) }
    _ = expectError(mentioning: ["concat", "[2, 5, 8]", "[5, 8]"]) { try Tensor.concat([a, zeros([5, 8])], axis: 0) }
    _ = expectError(mentioning: ["concat", "3"]) { try Tensor.concat([a, a], axis: 3) }
    _ = expectError(mentioning: ["concat", "-4", "-3..<3"]) { try Tensor.concat([a, a], axis: -4) }
    _ = expectError(mentioning: ["concat"]) { try Tensor.concat([], axis: 0) }
}

@Test func sliceRejectsRangesOutsideTheAxisNamingTheShape() throws {
    let x = try zeros([2, 5, 8])
    _ = expectError(mentioning: ["slice", "6", "[2, 5, 8]"]) { try x.slice(axis: 1, range: 2..<6) }
    _ = expectError(mentioning: ["slice", "3"]) { try x.slice(axis: 3, range: 0..<1) }
}

@Test func tensorInitRejectsAScalarCountThatDoesNotFitTheShape() throws {
    _ = expectError(mentioning: ["[2, 3]", "5"]) { try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) }
    _ = expectError(mentioning: ["[2, -3]"]) { try Tensor.zeros([2, -3]) }
}

/// Only where the kernel refuses impossible allocations (vm.overcommit_memory ≠ 1, the Linux
/// default); with "always overcommit" zeroing the buffer would get the process killed instead.
private let kernelRefusesHugeAllocations =
    (try? String(contentsOfFile: "/proc/sys/vm/overcommit_memory", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) != "1"

@Test(.enabled(if: kernelRefusesHugeAllocations))
func aShapeTooLargeToAllocateThrowsInsteadOfTrapping() {
    // 2³⁵ floats = 128 GiB: within the element limit, far beyond this 24 GiB machine.
    #expect(throws: TensorError.self) { try Tensor.zeros([1 << 20, 1 << 15]) }
    #expect(throws: TensorError.self) { try Tensor.zeros([1 << 40]) }
}

@Test(.enabled(if: kernelRefusesHugeAllocations))
func anOpWhoseOutputCannotBeAllocatedThrowsInsteadOfTrapping() throws {
    // (1, 2¹⁸, 1) · (1, 1, 2¹⁷): tiny inputs, a 2³⁵-float (128 GiB) product.
    let a = try Tensor.zeros([1, 1 << 18, 1]), b = try Tensor.zeros([1, 1, 1 << 17])
    #expect(throws: TensorError.self) { try a.bmm(b) }
    // Past the element limit the shape itself is rejected.
    let c = try Tensor.zeros([1, 1 << 19, 1]), d = try Tensor.zeros([1, 1, 1 << 18])
    #expect(throws: TensorError.self) { try c.bmm(d) }
}

@Test func packedAttentionRejectsBadShapes() throws {
    let bad = try Tensor.zeros([2, 4, 10])
    _ = expectError(mentioning: ["packedQueryKeyValue", "[2, 4, 10]", "3·C"]) { try Tensor.attention(packedQueryKeyValue: bad, heads: 2) }
    let query = try Tensor.zeros([2, 3, 4])
    _ = expectError(mentioning: ["packedKeyValue", "2·C"]) { try Tensor.attention(query: query, packedKeyValue: try Tensor.zeros([2, 5, 6])) }
    _ = expectError(mentioning: ["keyPadding"]) {
        try Tensor.attention(packedQueryKeyValue: try Tensor.zeros([2, 4, 12]), keyPadding: [true])
    }
}
