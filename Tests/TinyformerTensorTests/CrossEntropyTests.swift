// Fused softmax cross-entropy: mean over counted positions Σ w·nll / Σ w, with ignore_index and
// per-position weights; and against class probabilities (soft targets).
import Foundation
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test(arguments: ["cross_entropy", "cross_entropy_2d", "cross_entropy_ignore", "cross_entropy_weights",
                  "cross_entropy_ignore_weights", "cross_entropy_ignore_class"])
func crossEntropyMatchesTorchLossAndGradients(case name: String) throws {
    try Fixture.runOp(name, differentiable: ["logits"]) { f, t in
        let weights = f.has("input.weights") ? try f.scalars("input.weights") : nil
        return try t["logits"]!.crossEntropy(targets: f.ints("input.targets"), ignoreIndex: f.metadataInt("ignore_index"),
                                             weights: weights)
    }
}

@Test func crossEntropyGradientsMatchCentralDifferences() throws {
    let logits = try randomTensor([2, 4, 5], seed: 80, std: 2)
    let targets = [0, 4, -100, 2, 3, 1, -100, 4]
    let weights: [Float] = [1, 0.5, 1, 0, 2, 1, 1, 0.25]
    try gradientCheck("crossEntropy", inputs: [logits]) { try $0[0].crossEntropy(targets: targets.map { max($0, 0) }) }
    try gradientCheck("crossEntropy ignore", inputs: [logits]) { try $0[0].crossEntropy(targets: targets) }
    try gradientCheck("crossEntropy ignore + weights", inputs: [logits]) {
        try $0[0].crossEntropy(targets: targets, weights: weights)
    }
    try gradientCheck("crossEntropy custom ignore class", inputs: [logits]) {
        try $0[0].crossEntropy(targets: targets.map { max($0, 0) }, ignoreIndex: 4)
    }
}

@Test func crossEntropyWithNoCountedPositionIsZeroWithZeroGradient() throws {
    let logits = try randomTensor([3, 4], seed: 81)
    let loss = try logits.crossEntropy(targets: [-100, -100, 1], weights: [1, 1, 0])
    #expect(try loss.item() == 0)
    try loss.backward()
    #expect((logits.grad?.scalars ?? []).allSatisfy { $0 == 0 })
}

@Test func crossEntropyIsStableForLargeLogits() throws {
    let logits = try Tensor(shape: [2, 3], scalars: [1000, 0, -1000, 50, 50, 50], requiresGrad: true)
    let loss = try logits.crossEntropy(targets: [1, 2])
    // nll row 0 = 1000, row 1 = log 3.
    assertClose([try loss.item()], [Float((1000 + log(3.0)) / 2)], atol: 1e-3, rtol: 1e-6, "loss")
    try loss.backward()
    #expect(try #require(logits.grad).scalars.allSatisfy { $0.isFinite })
}

@Test func crossEntropyAgainstProbabilitiesMatchesTorch() throws {
    try Fixture.runOp("cross_entropy_probabilities", differentiable: ["logits"]) { f, t in
        try t["logits"]!.crossEntropy(probabilities: f.tensor("input.probabilities"))
    }
}

@Test func crossEntropyAgainstProbabilitiesGradientsMatchCentralDifferences() throws {
    let logits = try randomTensor([3, 5], seed: 82, std: 2)
    let targets = try Tensor(shape: [3, 5], scalars: [0, 0.25, 0, 0.75, 0, 1, 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2, 0.2])
    try gradientCheck("crossEntropy(probabilities:)", inputs: [logits]) { try $0[0].crossEntropy(probabilities: targets) }
}

@Test func crossEntropyAgainstOneHotProbabilitiesEqualsClassTargets() throws {
    let logits = try randomTensor([4, 6], seed: 83, std: 2)
    let classes = [5, 0, 3, 3]
    var oneHot = [Float](repeating: 0, count: 24)
    for (n, c) in classes.enumerated() { oneHot[n * 6 + c] = 1 }
    let soft = try logits.crossEntropy(probabilities: try Tensor(shape: [4, 6], scalars: oneHot))
    let hard = try logits.crossEntropy(targets: classes)
    assertClose([try soft.item()], [try hard.item()], atol: 1e-6, rtol: 1e-6, "one-hot probabilities vs class targets")
}

@Test func crossEntropyRejectsNegativeProbabilitiesAndOtherShapes() throws {
    let logits = try randomTensor([2, 3], seed: 84)
    #expect(throws: TensorError.self) { try logits.crossEntropy(probabilities: try Tensor(shape: [2, 3], scalars: [1, 0, 0, -0.5, 1, 0.5])) }
    #expect(throws: TensorError.self) { try logits.crossEntropy(probabilities: try Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 0])) }
}
