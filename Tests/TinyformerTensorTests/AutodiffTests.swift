// Autodiff semantics: accumulation, single use of a graph, no-grad mode, fan-out, deep graphs.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func gradientsAccumulateAcrossTwoBackwardCalls() throws {
    let x = try randomTensor([2, 3], seed: 120), w = try randomTensor([4, 3], seed: 121)
    func loss() throws -> Tensor { try x.linear(weight: w).gelu().sum() }
    try loss().backward()
    let gx1 = try #require(x.grad).scalars, gw1 = try #require(w.grad).scalars
    try loss().backward()
    assertClose(try #require(x.grad).scalars, gx1.map { 2 * $0 }, atol: 1e-6, rtol: 1e-6, "x.grad after two backward()")
    assertClose(try #require(w.grad).scalars, gw1.map { 2 * $0 }, atol: 1e-6, rtol: 1e-6, "w.grad after two backward()")
    x.zeroGrad()
    #expect(x.grad == nil)
    try loss().backward()
    assertClose(try #require(x.grad).scalars, gx1, atol: 0, rtol: 0, "x.grad after zeroGrad() and one backward()")
}

@Test func backwardTwiceOnTheSameGraphThrows() throws {
    let x = try randomTensor([3], seed: 122)
    let loss = try (x * x).sum().scaled(by: 2)
    try loss.backward()
    let once = try #require(x.grad).scalars
    #expect(throws: TensorError.self) { try loss.backward() }
    // The failed call changed nothing.
    #expect(try #require(x.grad).scalars == once)
}

@Test func withNoGradRecordsNothing() throws {
    let x = try randomTensor([2, 3], seed: 123), w = try randomTensor([4, 3], seed: 124)
    let y = try withNoGrad { try x.linear(weight: w).relu().sum() }
    #expect(y.requiresGrad == false)
    #expect(throws: TensorError.self) { try y.backward() }
    #expect(x.grad == nil && w.grad == nil)
    // Outside the block, recording is back on.
    let z = try x.linear(weight: w).sum()
    #expect(z.requiresGrad)
}

@Test func constantsReceiveNoGradient() throws {
    let x = try randomTensor([2, 3], seed: 125)
    let c = try Tensor(shape: [3], scalars: [1, 2, 3])
    try (x * c).sum().backward()
    #expect(c.grad == nil)
    #expect(c.requiresGrad == false)
    #expect(try #require(x.grad).scalars == [1, 2, 3, 1, 2, 3])
}

@Test func backwardRejectsNonScalarsAndMismatchedSeeds() throws {
    let x = try randomTensor([2, 3], seed: 126)
    let y = x.relu()
    #expect(throws: TensorError.self) { try y.backward() }
    #expect(throws: TensorError.self) { try y.backward(gradient: Tensor.zeros([3, 2])) }
}

@Test func tensorUsedTwiceGetsTheSumOfBothGradientPaths() throws {
    let x = try randomTensor([5], seed: 127)
    // Two different consumers: d/dx (3x + gelu(x)) = 3 + gelu'(x).
    try (x.scaled(by: 3) + x.gelu()).sum().backward()
    let viaPaths = try #require(x.grad).scalars
    x.zeroGrad()
    try x.gelu().sum().backward()
    let geluOnly = try #require(x.grad).scalars
    assertClose(viaPaths, geluOnly.map { $0 + 3 }, atol: 1e-6, rtol: 1e-6, "gradient of 3x + gelu(x)")
    // The same tensor as both operands of one op: d/dx Σ x² = 2x.
    x.zeroGrad()
    try (x * x).sum().backward()
    assertClose(try #require(x.grad).scalars, x.scalars.map { 2 * $0 }, atol: 1e-6, rtol: 1e-6, "gradient of Σ x·x")
    // A diamond: h used by two branches that meet again.
    x.zeroGrad()
    let h = x.scaled(by: 2)
    try (h.relu() + h.scaled(by: -1)).sum().backward()
    let expected = x.scalars.map { $0 > 0 ? Float(0) : -2 }
    assertClose(try #require(x.grad).scalars, expected, atol: 1e-6, rtol: 0, "gradient through a diamond")
}

@Test func deepChainOfTwentyThousandOpsRunsBackwardWithoutStackOverflow() throws {
    let x = try randomTensor([4], seed: 128)
    var y = x
    for i in 0..<20_000 {
        y = i % 2 == 0 ? y.adding(1e-3) : y.scaled(by: 1)
    }
    try y.sum().backward()
    #expect(try #require(x.grad).scalars == [1, 1, 1, 1])
}

/// Releasing a deep graph that was never walked by backward() (e.g. `total = total + loss`
/// accumulated over many steps without `withNoGrad`) must not recurse once per op: left to ARC
/// this overflowed the stack at a depth of ~40,000 in a debug build.
@Test
func deepChainDroppedWithoutBackwardIsReleasedWithoutStackOverflow() throws {
    let x = try randomTensor([4], seed: 129)
    do {
        var y = x
        for _ in 0..<200_000 { y = y.adding(1e-3) }
        #expect(y.requiresGrad)
    }
    #expect(x.grad == nil)
}

// zeroGrad keeps the buffer for the next backward pass: that must never show old values.

@Test func aGradientAfterZeroGradIsTheNewGradientAlone() throws {
    let x = try randomTensor([4, 5], seed: 40), w = try randomTensor([3, 5], seed: 41), b = try randomTensor([3], seed: 42)
    func step() throws -> [[Float]] {
        // linear writes first gradients outright; the sum below adds into zeroed buffers
        let loss = try (x.linear(weight: w, bias: b) + x.linear(weight: w, bias: b)).sum()  // ()
        try loss.backward()
        return [x.grad!.scalars, w.grad!.scalars, b.grad!.scalars]
    }
    let first = try step()
    for _ in 0..<3 {
        for t in [x, w, b] { t.zeroGrad() }
        #expect(x.grad == nil && w.grad == nil && b.grad == nil)
        #expect(try step() == first, "a reused gradient buffer leaked old values")
    }
}

@Test func aGradientTakenBeforeZeroGradKeepsItsValues() throws {
    let w = try randomTensor([3, 2], seed: 43)
    try (w * w).sum().backward()
    let kept = try #require(w.grad)
    let values = kept.scalars
    w.zeroGrad()
    try (w + w).sum().backward()  // a different gradient (2 everywhere)
    #expect(kept.scalars == values, "the earlier grad tensor must not be overwritten")
    #expect(w.grad?.scalars == Array(repeating: 2, count: 6))
}
