import Foundation

/// The noisy quadratic model (Zhang et al. 2019, "Which algorithmic choices matter at which batch
/// sizes?").
///
/// Loss L(w) = ½ Σᵢ hᵢ wᵢ² with a diagonal Hessian H = diag(h). A gradient query at w returns
/// H w + ε with ε ~ N(0, diag(c)); a minibatch of B queries averages them, so its noise covariance
/// is diag(c)/B. Training starts from `initialPoint` w₀ (and zero momentum).
///
/// - The scalar NQM is d = 1: L = ½ a w², noise variance σ² (`NQM.scalar`).
/// - The default diagonal NQM has hᵢ = a/i and cᵢ = σ²·hᵢ, i = 1…d (`NQM.diagonal`).
public struct NQM: Codable, Sendable, Equatable {
    /// Hessian diagonal hᵢ > 0.
    public let curvatures: [Double]
    /// Per-example gradient-noise variances cᵢ ≥ 0 (a batch of B has variance cᵢ/B).
    public let noiseVariances: [Double]
    /// Starting point w₀.
    public let initialPoint: [Double]

    /// Validates and stores a diagonal model; all arrays must have the same length d ≥ 1.
    public init(curvatures: [Double], noiseVariances: [Double], initialPoint: [Double]) throws(NQMError) {
        guard !curvatures.isEmpty else { throw NQMError.invalidModel("curvatures is empty (need d ≥ 1)") }
        guard noiseVariances.count == curvatures.count, initialPoint.count == curvatures.count else {
            throw NQMError.invalidModel("curvatures (\(curvatures.count)), noiseVariances (\(noiseVariances.count)) and initialPoint (\(initialPoint.count)) must have the same length")
        }
        for (i, h) in curvatures.enumerated() where !(h.isFinite && h > 0) {
            throw NQMError.invalidParameter(name: "curvature h[\(i)]", value: h, expected: "a finite value > 0")
        }
        for (i, c) in noiseVariances.enumerated() where !(c.isFinite && c >= 0) {
            throw NQMError.invalidParameter(name: "noise variance c[\(i)]", value: c, expected: "a finite value ≥ 0")
        }
        for (i, w) in initialPoint.enumerated() where !w.isFinite {
            throw NQMError.invalidParameter(name: "initial point w0[\(i)]", value: w, expected: "a finite value")
        }
        // Every quantity the model computes starts from hᵢ·w0ᵢ² (the loss, the second moments):
        // an overflow there makes every later number inf or NaN, and searches never end.
        var loss = 0.0
        for (i, (h, w)) in zip(curvatures, initialPoint).enumerated() {
            let term = h * w * w
            guard (w * w).isFinite, term.isFinite else {
                throw NQMError.invalidParameter(name: "initial point w0[\(i)]", value: w,
                                                expected: "a value whose starting loss ½·h·w0² is finite (h = \(h))")
            }
            loss += term
        }
        guard (0.5 * loss).isFinite else {
            throw NQMError.invalidParameter(name: "starting loss L(w0)", value: 0.5 * loss, expected: "a finite value (a smaller w0)")
        }
        self.curvatures = curvatures
        self.noiseVariances = noiseVariances
        self.initialPoint = initialPoint
    }

    /// Scalar NQM L(w) = ½ a w², gradient noise N(0, σ²) per query, start w₀.
    public static func scalar(curvature a: Double, noiseStd sigma: Double, initialPoint w0: Double = 1) throws(NQMError) -> NQM {
        try checkScale(a: a, sigma: sigma)
        return try NQM(curvatures: [a], noiseVariances: [sigma * sigma], initialPoint: [w0])
    }

    /// Diagonal NQM with spectrum hᵢ = a/i and noise cᵢ = σ²·hᵢ (i = 1…d), start wᵢ = w₀.
    public static func diagonal(dimension d: Int, curvatureScale a: Double = 1, noiseStd sigma: Double = 1,
                                initialPoint w0: Double = 1) throws(NQMError) -> NQM {
        guard d >= 1, d <= 10_000_000 else {
            throw NQMError.invalidParameter(name: "dimension", value: Double(d), expected: "an integer in 1…10⁷")
        }
        try checkScale(a: a, sigma: sigma)
        let h = (1...d).map { a / Double($0) }
        return try NQM(curvatures: h, noiseVariances: h.map { sigma * sigma * $0 },
                       initialPoint: Array(repeating: w0, count: d))
    }

    private static func checkScale(a: Double, sigma: Double) throws(NQMError) {
        guard a.isFinite, a > 0 else { throw NQMError.invalidParameter(name: "curvature a", value: a, expected: "a finite value > 0") }
        guard sigma.isFinite, sigma >= 0 else { throw NQMError.invalidParameter(name: "noise std σ", value: sigma, expected: "a finite value ≥ 0") }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(curvatures: container.decode([Double].self, forKey: .curvatures),
                      noiseVariances: container.decode([Double].self, forKey: .noiseVariances),
                      initialPoint: container.decode([Double].self, forKey: .initialPoint))
    }

    /// Number of coordinates d.
    public var dimension: Int { curvatures.count }

    /// Largest curvature h_max (sets the SGD stability limit 2/h_max).
    public var maxCurvature: Double { curvatures.max() ?? 0 }

    /// L(w) = ½ Σᵢ hᵢ wᵢ². Throws unless w has d entries.
    public func loss(at w: [Double]) throws(NQMError) -> Double {
        try checkPoint(w)
        return unsafeLoss(at: w)
    }

    /// L(w₀).
    public var initialLoss: Double { unsafeLoss(at: initialPoint) }

    private func unsafeLoss(at w: [Double]) -> Double {
        var total = 0.0
        for (h, x) in zip(curvatures, w) { total += h * x * x }
        return 0.5 * total
    }

    private func checkPoint(_ w: [Double]) throws(NQMError) {
        guard w.count == dimension else {
            throw NQMError.invalidModel("a point of the model needs \(dimension) coordinates, got \(w.count)")
        }
    }

    /// The stability limit on the learning rate of heavy-ball SGD with momentum β and
    /// preconditioner P = H^(−p): η < 2(1 + β) / maxᵢ hᵢ^(1−p). (β = 0, p = 0 gives 2/h_max.)
    public func stabilityLimit(momentum beta: Double = 0, preconditionPower p: Double = 0) -> Double {
        let largest = curvatures.map { pow($0, 1 - p) }.max() ?? 1
        return 2 * (1 + beta) / largest
    }

    /// McCandlish et al.'s (2018) simple noise scale at the point `w`:
    /// B_noise = tr(P H P Σ) / (gᵀ P H P g) with g = H w, Σ = diag(c) and P = H^(−p)
    /// (p = 0 gives tr(HΣ)/(gᵀHg)). It is the batch size at which the optimal step's gain is half
    /// the noiseless one. Returns +∞ when g = 0; throws unless w has d entries.
    public func noiseScale(at w: [Double], preconditionPower p: Double = 0) throws(NQMError) -> Double {
        try checkPoint(w)
        return unsafeNoiseScale(at: w, preconditionPower: p)
    }

    private func unsafeNoiseScale(at w: [Double], preconditionPower p: Double) -> Double {
        var numerator = 0.0, denominator = 0.0
        for i in 0..<dimension {
            let h = curvatures[i]
            let pi = pow(h, -p)
            let g = h * w[i]
            numerator += pi * h * pi * noiseVariances[i]
            denominator += g * pi * h * pi * g
        }
        return denominator > 0 ? numerator / denominator : .infinity
    }

    /// B_noise at the initial point w₀ (the prediction compared with the measured B_crit).
    public func initialNoiseScale(preconditionPower p: Double = 0) -> Double {
        unsafeNoiseScale(at: initialPoint, preconditionPower: p)
    }

    /// B_noise at w₀ scaled so that L(w) = `loss` (w = w₀·√(loss/L(w₀))): the noise scale grows as
    /// the gradient shrinks, B_noise(w) = B_noise(w₀)·L(w₀)/loss along that ray.
    public func noiseScale(atLoss loss: Double, preconditionPower p: Double = 0) -> Double {
        let l0 = initialLoss
        guard l0 > 0, loss > 0 else { return .infinity }
        let s = (loss / l0).squareRoot()
        return unsafeNoiseScale(at: initialPoint.map { $0 * s }, preconditionPower: p)
    }
}
