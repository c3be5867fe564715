import COpenBLAS

/// Errors from the LAPACK-backed solvers.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Inputs whose sizes do not fit (e.g. rows of different lengths, b not one value per row).
    case invalidInput(String)
    /// The matrix does not have full column rank (LAPACK info > 0), so the QR solution is not unique.
    case rankDeficient(rank: Int?, columns: Int)
    /// LAPACK rejected an argument or failed (its info code).
    case lapackFailure(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .invalidInput(message): return "leastSquares: \(message)"
        case let .rankDeficient(rank, columns):
            return "leastSquares: the design matrix is rank deficient (rank \(rank.map(String.init) ?? "< \(columns)") of \(columns) columns)"
        case let .lapackFailure(routine, info): return "leastSquares: \(routine) failed with info \(info)"
        }
    }
}

/// How `leastSquares` solves the system.
public enum LeastSquaresMethod: Sendable {
    /// QR factorisation (LAPACK dgels): fast; requires full column rank.
    case qr
    /// SVD (LAPACK dgelsd): minimum-norm solution, singular values below rcond·σ_max dropped.
    case svd(rcond: Double)
}

/// Solves min_x ‖A x − b‖₂ in Float64 (`numpy.linalg.lstsq` / `torch.linalg.lstsq`).
/// - Parameters:
///   - rows: A as m rows of n values each (m ≥ 1, n ≥ 1); for `.qr`, m ≥ n and full column rank.
///   - b: m values.
/// - Returns: x, n values.
/// - Throws: `LinearAlgebraError` for ragged or empty input, rank deficiency (QR), or a LAPACK error.
public func leastSquares(_ rows: [[Double]], _ b: [Double], method: LeastSquaresMethod = .qr) throws -> [Double] {
    guard let n = rows.first?.count, n > 0 else { throw LinearAlgebraError.invalidInput("A needs at least one row and one column") }
    let m = rows.count
    guard rows.allSatisfy({ $0.count == n }) else { throw LinearAlgebraError.invalidInput("every row of A must have \(n) values") }
    guard b.count == m else { throw LinearAlgebraError.invalidInput("b has \(b.count) values for \(m) rows") }
    guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }), b.allSatisfy(\.isFinite) else {
        throw LinearAlgebraError.invalidInput("A and b must be finite")
    }
    var a = rows.flatMap { $0 }  // (m, n) row-major; LAPACK overwrites it
    var rhs = b + [Double](repeating: 0, count: max(0, n - m))  // (max(m, n), 1)
    switch method {
    case .qr:
        guard m >= n else { throw LinearAlgebraError.invalidInput("QR needs at least as many rows (\(m)) as columns (\(n)); use .svd") }
        let info = tf_lstsq_qr(Int32(m), Int32(n), 1, &a, &rhs)
        if info > 0 { throw LinearAlgebraError.rankDeficient(rank: nil, columns: n) }
        if info < 0 { throw LinearAlgebraError.lapackFailure(routine: "dgels", info: Int(info)) }
        // dgels flags only an exactly zero diagonal of R; rounding usually leaves a tiny one, so
        // judge rank from R (now in A's upper triangle) relative to its largest diagonal.
        let diagonal = (0..<n).map { abs(a[$0 * n + $0]) }
        let threshold = 1e-12 * Double(max(m, n)) * (diagonal.max() ?? 0)
        let rank = diagonal.filter { $0 > threshold }.count
        if rank < n { throw LinearAlgebraError.rankDeficient(rank: rank, columns: n) }
    case let .svd(rcond):
        var rank: Int32 = 0
        let info = tf_lstsq_svd(Int32(m), Int32(n), 1, &a, &rhs, rcond, &rank)
        if info != 0 { throw LinearAlgebraError.lapackFailure(routine: "dgelsd", info: Int(info)) }
    }
    return Array(rhs.prefix(n))
}
