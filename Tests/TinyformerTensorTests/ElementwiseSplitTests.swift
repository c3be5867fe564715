// Elementwise ops on large tensors are split over the worker pool (above
// `Parallel.minimumElements`); every output element must equal the plain serial loop, bit for bit.
import Testing
import TinyformerTensor
import TinyformerRandom
import TinyformerTestSupport

/// Rows × columns big enough to be split (≥ `Parallel.minimumElements` = 8,192 elements).
private let rows = 700, columns = 96

@Test func splitBroadcastAddEqualsTheSerialLoop() throws {
    let x = try randomTensor([rows, columns], seed: 11), b = try randomTensor([columns], seed: 12)
    let y = try x + b, z = try x - b
    let xs = x.scalars, bs = b.scalars
    #expect(y.scalars == (0..<(rows * columns)).map { xs[$0] + bs[$0 % columns] })
    #expect(z.scalars == (0..<(rows * columns)).map { xs[$0] - bs[$0 % columns] })
}

@Test func splitBroadcastMultiplyAndItsGradientsEqualTheSerialLoops() throws {
    let x = try randomTensor([rows, columns], seed: 13)
    let s = try randomTensor([columns], seed: 14)
    let g = try randomTensor([rows, columns], seed: 15)
    let y = try x * s
    try y.backward(gradient: g)
    let xs = x.scalars, ss = s.scalars, gs = g.scalars
    #expect(y.scalars == (0..<(rows * columns)).map { xs[$0] * ss[$0 % columns] })
    #expect(x.grad!.scalars == (0..<(rows * columns)).map { 0 + gs[$0] * ss[$0 % columns] })
    var expected = [Float](repeating: 0, count: columns)
    for r in 0..<rows { for c in 0..<columns { expected[c] += gs[r * columns + c] * xs[r * columns + c] } }
    #expect(s.grad!.scalars == expected, "column sums run in row order whatever the split")
}

@Test func splitReluAndItsGradientEqualTheSerialLoops() throws {
    let x = try randomTensor([rows, columns], seed: 16)
    let g = try randomTensor([rows, columns], seed: 17)
    let y = x.relu()
    try y.backward(gradient: g)
    let xs = x.scalars, gs = g.scalars
    #expect(y.scalars == xs.map { max($0, 0) })
    #expect(x.grad!.scalars == (0..<xs.count).map { xs[$0] > 0 ? gs[$0] : 0 })
}

@Test func splitLinearBiasAndBiasGradientEqualTheSerialLoops() throws {
    let x = try randomTensor([rows, 8], seed: 18)
    let w = try randomTensor([columns, 8], seed: 19), b = try randomTensor([columns], seed: 20)
    let g = try randomTensor([rows, columns], seed: 21)
    let y = try x.linear(weight: w, bias: b)
    try y.backward(gradient: g)
    let gs = g.scalars
    var expected = [Float](repeating: 0, count: columns)
    for r in 0..<rows { for c in 0..<columns { expected[c] += gs[r * columns + c] } }
    #expect(b.grad!.scalars == expected)
    let reference = try (x.matmul(w.transposedLastTwo()) + b.detached()).scalars
    assertClose(y.scalars, reference, atol: 1e-5, rtol: 1e-5, "linear with a split bias fill")
}

@Test func splitScaleAndShiftEqualTheSerialLoops() throws {
    let x = try randomTensor([rows, columns], seed: 22)
    let y = x.scaled(by: 0.37).adding(1.5)
    try y.sum().backward()
    #expect(y.scalars == x.scalars.map { 0.37 * $0 + 1.5 })
    #expect(x.grad!.scalars.allSatisfy { $0 == Float(0.37) })
}

@Test func splitEmbeddingLookupAndScatterAddEqualTheSerialLoops() throws {
    let table = try randomTensor([30, 64], seed: 23)
    var generator = SeededGenerator(seed: 24)
    let indices = (0..<900).map { _ in Int(generator.next() % 30) }  // repeats every row many times
    let g = try randomTensor([900, 64], seed: 25)
    let y = try Tensor.embedding(table, indices: indices, indexShape: [900])
    try y.backward(gradient: g)
    let ts = table.scalars, gs = g.scalars
    #expect(y.scalars == indices.flatMap { Array(ts[($0 * 64)..<($0 * 64 + 64)]) })
    var expected = [Float](repeating: 0, count: 30 * 64)
    for (s, index) in indices.enumerated() { for i in 0..<64 { expected[index * 64 + i] += gs[s * 64 + i] } }
    #expect(table.grad!.scalars == expected, "rows added in order, whatever the split")
}

@Test func embeddingOfNoIndicesIsEmpty() throws {
    let table = try randomTensor([5, 4], seed: 26)
    let y = try Tensor.embedding(table, indices: [], indexShape: [0])
    #expect(y.shape == [0, 4] && y.count == 0)
}
