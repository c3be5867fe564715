import Foundation

/// Internal: per-coordinate coefficients of the exact moment recursion.
///
/// With aᵢ = ηᵢhᵢ (ηᵢ = η hᵢ^(−p)), kᵢ = 1 − aᵢ and batch noise qᵢ = ηᵢ² cᵢ / B, heavy-ball SGD is
/// the linear system (w, v)' = A (w, v) − ηᵢ ε (1, 1) with A = [[k, β], [−a, β]]. Hence
///
///     first moments:   E[w]' = k E[w] + β E[v],   E[v]' = −a E[w] + β E[v]
///     second moments:  E[w²]' = k² E[w²] + 2βk E[wv] + β² E[v²] + q
///                      E[wv]' = −ak E[w²] + β(1 − 2a) E[wv] + β² E[v²] + q
///                      E[v²]' = a² E[w²] − 2aβ E[wv] + β² E[v²] + q
///
/// For β = 0 the second line collapses to E[w²]' = k² E[w²] + q.
struct MomentCoefficients: Sendable {
    let dimension: Int
    let beta: Double
    let curvatures: [Double]
    /// aᵢ = ηᵢ hᵢ.
    let a: [Double]
    /// qᵢ = ηᵢ² cᵢ / B.
    let q: [Double]

    init(model: NQM, optimizer: OptimizerConfig, batchSize: Double) {
        let rates = optimizer.coordinateLearningRates(for: model)
        dimension = model.dimension
        beta = optimizer.momentum
        curvatures = model.curvatures
        a = zip(rates, model.curvatures).map { $0 * $1 }
        q = zip(rates, model.noiseVariances).map { $0 * $0 * $1 / batchSize }
    }

    var usesMomentum: Bool { beta != 0 }

    /// The 3×3 second-moment matrix M (row-major, acting on (E[w²], E[wv], E[v²])) of coordinate i.
    func secondMomentMatrix(_ i: Int) -> [Double] {
        let ai = a[i], k = 1 - ai, b = beta
        return [k * k, 2 * b * k, b * b,
                -ai * k, b * (1 - 2 * ai), b * b,
                ai * ai, -2 * ai * b, b * b]
    }

    /// Stationary E[w²] of coordinate i (the fixed point u = M u + q·1); +∞ if unstable.
    func stationarySquaredWeight(_ i: Int) -> Double {
        if !usesMomentum {
            // 1 − (1 − a)² = a(2 − a), written so that small a keeps its precision.
            let gap = a[i] * (2 - a[i])
            return gap > 0 ? q[i] / gap : .infinity
        }
        guard a[i] > 0, a[i] < 2 * (1 + beta) else { return .infinity }
        let m = secondMomentMatrix(i)
        // Solve (I − M) u = q·(1, 1, 1) by Cramer's rule.
        let s = [1 - m[0], -m[1], -m[2], -m[3], 1 - m[4], -m[5], -m[6], -m[7], 1 - m[8]]
        func det(_ x: [Double]) -> Double {
            x[0] * (x[4] * x[8] - x[5] * x[7]) - x[1] * (x[3] * x[8] - x[5] * x[6]) + x[2] * (x[3] * x[7] - x[4] * x[6])
        }
        let d = det(s)
        guard d != 0, d.isFinite else { return .infinity }
        let rhs = [q[i], q[i], q[i]]
        let replaced = [rhs[0], s[1], s[2], rhs[1], s[4], s[5], rhs[2], s[7], s[8]]
        return max(0, det(replaced) / d)
    }

    /// ½ Σᵢ hᵢ E[wᵢ²]_∞, the expected loss the dynamics converge to.
    func stationaryLoss() -> Double {
        var total = 0.0
        for i in 0..<dimension { total += curvatures[i] * stationarySquaredWeight(i) }
        return 0.5 * total
    }
}
