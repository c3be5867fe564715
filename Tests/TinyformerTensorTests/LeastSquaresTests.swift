// LAPACK least squares through the shim: exact recovery, agreement of QR and SVD, and errors.
import Testing
import TinyformerTensor

/// Rows [1, x, x²] for a quadratic fit, the shape the IsoFLOP fits use.
private func quadraticDesign(_ xs: [Double]) -> [[Double]] { xs.map { [1, $0, $0 * $0] } }

@Test func quadraticThroughExactPointsIsRecovered() throws {
    let xs: [Double] = [-2, -1, 0, 0.5, 1, 3]
    let ys = xs.map { 0.5 - 2 * $0 + 3 * $0 * $0 }
    let coefficients = try leastSquares(quadraticDesign(xs), ys)
    for (got, want) in zip(coefficients, [0.5, -2, 3]) { #expect(abs(got - want) < 1e-12) }
}

@Test func overdeterminedFitMatchesTheNormalEquations() throws {
    // Line through (0,1), (1,2), (2,2): the normal equations give intercept 7/6, slope 1/2.
    let x = try leastSquares([[1, 0], [1, 1], [1, 2]], [1, 2, 2])
    #expect(abs(x[0] - 7.0 / 6.0) < 1e-12 && abs(x[1] - 0.5) < 1e-12)
}

@Test func svdAndQRAgreeOnAFullRankProblem() throws {
    let rows = quadraticDesign([0.1, 0.7, 1.3, 2.2, 2.9, 4.0])
    let b = [1.0, 0.2, -0.5, 0.9, 2.0, 4.5]
    let qr = try leastSquares(rows, b)
    let svd = try leastSquares(rows, b, method: .svd(rcond: 1e-12))
    for (a, c) in zip(qr, svd) { #expect(abs(a - c) < 1e-10) }
}

@Test func svdGivesTheMinimumNormSolutionForDuplicateColumns() throws {
    // Columns identical: x₀ + x₁ = 2 has minimum-norm solution (1, 1).
    let x = try leastSquares([[1, 1], [2, 2], [3, 3]], [2, 4, 6], method: .svd(rcond: 1e-12))
    #expect(abs(x[0] - 1) < 1e-10 && abs(x[1] - 1) < 1e-10)
}

@Test func qrReportsRankDeficiencyInsteadOfAborting() {
    #expect(throws: LinearAlgebraError.rankDeficient(rank: 1, columns: 2)) {
        try leastSquares([[1, 1], [2, 2], [3, 3]], [2, 4, 6])
    }
}

@Test func raggedOrMismatchedInputThrows() {
    #expect(throws: LinearAlgebraError.self) { try leastSquares([[1, 2], [3]], [1, 2]) }
    #expect(throws: LinearAlgebraError.self) { try leastSquares([[1, 2], [3, 4]], [1]) }
    #expect(throws: LinearAlgebraError.self) { try leastSquares([], []) }
    #expect(throws: LinearAlgebraError.self) { try leastSquares([[1, .nan]], [1]) }
}

@Test func blasThreadCountCanBeSetAndRead() {
    let original = BLASThreads.count
    defer { BLASThreads.count = original }
    BLASThreads.count = 1
    #expect(BLASThreads.count == 1)
    #expect(BLASThreads.configuration.contains("OpenBLAS"))
}
