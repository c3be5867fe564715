import Foundation

/// Exact expected dynamics of an optimiser on the NQM: the first moments (E[w], E[v]) and second
/// moments (E[w²], E[wv], E[v²]) of every coordinate evolve by the linear recursion documented on
/// `MomentCoefficients` (a 2×2 system for the means and a 3-moment system for the second moments
/// with momentum; a scalar recursion without). The expected loss is E[L] = ½ Σᵢ hᵢ E[wᵢ²].
///
/// `step()` costs O(d); `advance(by: n)` jumps n steps exactly in O(d log n) by exponentiating the
/// per-coordinate affine maps, so horizons of 10⁶ steps are cheap.
public struct ExpectedDynamics: Sendable {
    /// Steps taken so far.
    public private(set) var stepCount: Int = 0
    /// E[wᵢ].
    public private(set) var meanWeights: [Double]
    /// E[vᵢ] (momentum buffer; zero without momentum).
    public private(set) var meanVelocities: [Double]
    /// E[wᵢ²].
    public private(set) var squaredWeights: [Double]
    /// E[wᵢ vᵢ].
    public private(set) var crossMoments: [Double]
    /// E[vᵢ²].
    public private(set) var squaredVelocities: [Double]
    let coefficients: MomentCoefficients

    /// Starts at w = w₀, v = 0 (deterministic, so E[w²] = w₀²). Throws for invalid or unstable
    /// hyperparameters or a batch size < 1.
    public init(model: NQM, optimizer: OptimizerConfig, batchSize: Int) throws(NQMError) {
        try optimizer.validate(for: model)
        guard batchSize >= 1 else {
            throw NQMError.invalidBatchSizes("batch size must be ≥ 1, got \(batchSize)")
        }
        coefficients = MomentCoefficients(model: model, optimizer: optimizer, batchSize: Double(batchSize))
        let d = model.dimension
        meanWeights = model.initialPoint
        meanVelocities = Array(repeating: 0, count: d)
        squaredWeights = model.initialPoint.map { $0 * $0 }
        crossMoments = Array(repeating: 0, count: d)
        squaredVelocities = Array(repeating: 0, count: d)
    }

    /// E[L(w_t)] = ½ Σᵢ hᵢ E[wᵢ²].
    public var expectedLoss: Double {
        var total = 0.0
        for i in 0..<coefficients.dimension { total += coefficients.curvatures[i] * squaredWeights[i] }
        return 0.5 * total
    }

    /// The limit of E[L] as t → ∞ (finite inside the stability region).
    public var stationaryLoss: Double { coefficients.stationaryLoss() }

    /// One optimiser step of the moment recursion.
    public mutating func step() {
        let c = coefficients
        let b = c.beta
        for i in 0..<c.dimension {
            let a = c.a[i], k = 1 - a
            let mw = meanWeights[i], mv = meanVelocities[i]
            meanWeights[i] = k * mw + b * mv
            meanVelocities[i] = -a * mw + b * mv
            let ww = squaredWeights[i], wv = crossMoments[i], vv = squaredVelocities[i]
            let tail = b * b * vv + c.q[i]
            squaredWeights[i] = k * k * ww + 2 * b * k * wv + tail
            crossMoments[i] = -a * k * ww + b * (1 - 2 * a) * wv + tail
            squaredVelocities[i] = a * a * ww - 2 * a * b * wv + tail
        }
        stepCount += 1
    }

    /// Advances exactly `n` ≥ 0 steps by exponentiation by squaring of each coordinate's affine
    /// maps u ↦ M u + q·1 (second moments) and m ↦ A m (means).
    public mutating func advance(by n: Int) {
        guard n > 0 else { return }
        let c = coefficients
        for i in 0..<c.dimension {
            var power = AffineMap3.identity
            var base = AffineMap3(matrix: c.secondMomentMatrix(i), offset: [c.q[i], c.q[i], c.q[i]])
            let ai = c.a[i]
            var meanPower: [Double] = [1, 0, 0, 1]
            var meanBase: [Double] = [1 - ai, c.beta, -ai, c.beta]
            var remaining = n
            while remaining > 0 {
                if remaining & 1 == 1 {
                    power = base.after(power)
                    meanPower = Self.multiply2(meanBase, meanPower)
                }
                remaining >>= 1
                if remaining > 0 {
                    base = base.after(base)
                    meanBase = Self.multiply2(meanBase, meanBase)
                }
            }
            let u = power.apply([squaredWeights[i], crossMoments[i], squaredVelocities[i]])
            squaredWeights[i] = u[0]
            crossMoments[i] = u[1]
            squaredVelocities[i] = u[2]
            let mw = meanWeights[i], mv = meanVelocities[i]
            meanWeights[i] = meanPower[0] * mw + meanPower[1] * mv
            meanVelocities[i] = meanPower[2] * mw + meanPower[3] * mv
        }
        stepCount += n
    }

    private static func multiply2(_ x: [Double], _ y: [Double]) -> [Double] {
        [x[0] * y[0] + x[1] * y[2], x[0] * y[1] + x[1] * y[3],
         x[2] * y[0] + x[3] * y[2], x[2] * y[1] + x[3] * y[3]]
    }
}
