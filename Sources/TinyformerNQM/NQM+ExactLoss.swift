import Foundation

/// Exact expected-loss computations (the primary engine; see `ExpectedDynamics`).
extension NQM {
    /// E[L] at steps 0, k, 2k, … ≤ `steps` (k = `recordEvery`, the last step always included).
    public func expectedLossCurve(optimizer: OptimizerConfig, batchSize: Int, steps: Int,
                                  recordEvery: Int = 1) throws(NQMError) -> LossCurve {
        try Self.checkSteps(steps, name: "steps")
        try Self.checkSteps(recordEvery, name: "recordEvery", minimum: 1)
        try Self.checkRecordedPoints(steps: steps, recordEvery: recordEvery)
        var dynamics = try ExpectedDynamics(model: self, optimizer: optimizer, batchSize: batchSize)
        var curve = LossCurve(steps: [0], loss: [dynamics.expectedLoss])
        while dynamics.stepCount < steps {
            let chunk = min(recordEvery, steps - dynamics.stepCount)
            if chunk <= 64 {
                for _ in 0..<chunk { dynamics.step() }
            } else {
                dynamics.advance(by: chunk)
            }
            curve.steps.append(dynamics.stepCount)
            curve.loss.append(dynamics.expectedLoss)
        }
        return curve
    }

    /// E[L(w_t)] after exactly `steps` steps, in O(d log t).
    public func expectedLoss(optimizer: OptimizerConfig, batchSize: Int, after steps: Int) throws(NQMError) -> Double {
        try Self.checkSteps(steps, name: "steps")
        var dynamics = try ExpectedDynamics(model: self, optimizer: optimizer, batchSize: batchSize)
        dynamics.advance(by: steps)
        return dynamics.expectedLoss
    }

    /// Closed form for (preconditioned) SGD without momentum, per coordinate with rᵢ = (1 − ηᵢhᵢ)²
    /// and qᵢ = ηᵢ²cᵢ/B:
    ///
    ///     E[wᵢ,t²] = rᵢᵗ wᵢ₀² + qᵢ (1 − rᵢᵗ)/(1 − rᵢ),    E[L_t] = ½ Σᵢ hᵢ E[wᵢ,t²]
    ///
    /// (the scalar NQM is d = 1: E[L_t] = ½ a [r^t w₀² + η²σ²(1 − r^t)/(B(1 − r))]). Throws for
    /// β ≠ 0 (momentum has no such scalar form; use `expectedLoss(optimizer:batchSize:after:)`).
    public func closedFormExpectedLoss(optimizer: OptimizerConfig, batchSize: Int, after steps: Int) throws(NQMError) -> Double {
        guard optimizer.momentum == 0 else {
            throw NQMError.invalidParameter(name: "momentum β", value: optimizer.momentum, expected: "0 for the closed form")
        }
        try Self.checkSteps(steps, name: "steps")
        let c = try ExpectedDynamics(model: self, optimizer: optimizer, batchSize: batchSize).coefficients
        var total = 0.0
        for i in 0..<dimension {
            let r = (1 - c.a[i]) * (1 - c.a[i])
            let rt = pow(r, Double(steps))
            let w0 = initialPoint[i]
            let noise = r == 1 ? c.q[i] * Double(steps) : c.q[i] * (1 - rt) / (1 - r)
            total += curvatures[i] * (rt * w0 * w0 + noise)
        }
        return 0.5 * total
    }

    /// lim_{t→∞} E[L_t]: for SGD ½ Σᵢ hᵢ qᵢ/(1 − (1 − ηᵢhᵢ)²) = ½ Σᵢ ηᵢcᵢ/(B(2 − ηᵢhᵢ)), with
    /// momentum the fixed point of the 3-moment recursion.
    public func stationaryLoss(optimizer: OptimizerConfig, batchSize: Int) throws(NQMError) -> Double {
        try ExpectedDynamics(model: self, optimizer: optimizer, batchSize: batchSize).stationaryLoss
    }

    /// The first step t ≤ `maxSteps` at which E[L_t] ≤ `target` (0 if L(w₀) ≤ target), or nil if
    /// the target is not reached within `maxSteps` (or provably never). Bounded: at most
    /// `maxSteps` O(d) iterations.
    public func stepsToTarget(_ target: Double, optimizer: OptimizerConfig, batchSize: Int,
                              maxSteps: Int) throws(NQMError) -> Int? {
        guard target.isFinite, target > 0 else {
            throw NQMError.invalidParameter(name: "target loss", value: target, expected: "a finite value > 0")
        }
        try Self.checkSteps(maxSteps, name: "maxSteps")
        let c = try ExpectedDynamics(model: self, optimizer: optimizer, batchSize: batchSize).coefficients
        return TargetStepper.steps(model: self, coefficients: c, target: target, limit: maxSteps)
    }

    /// The most points a loss curve or simulation records (steps 0, k, 2k, … and the last):
    /// 10⁵ points are a 10 MB CSV; the charts draw a decimated curve.
    public static let maximumRecordedPoints = 100_000

    /// Throws unless `steps` recorded every `recordEvery` steps gives at most
    /// `maximumRecordedPoints` points, before anything is allocated.
    static func checkRecordedPoints(steps: Int, recordEvery: Int) throws(NQMError) {
        let points = steps / recordEvery + 2
        guard points <= maximumRecordedPoints else {
            let every = (steps + maximumRecordedPoints - 3) / (maximumRecordedPoints - 2)
            throw NQMError.invalidParameter(name: "recorded points (steps / recordEvery)", value: Double(points),
                                            expected: "at most \(maximumRecordedPoints): record every \(every) steps or more")
        }
    }

    static func checkSteps(_ n: Int, name: String, minimum: Int = 0) throws(NQMError) {
        guard n >= minimum, n <= 1_000_000_000 else {
            throw NQMError.invalidParameter(name: name, value: Double(n), expected: "an integer in \(minimum)…10⁹")
        }
    }
}
