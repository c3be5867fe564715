/// Internal: the bounded, pruned step loop behind steps-to-target.
///
/// It iterates the exact second-moment recursion until ½ Σ hᵢ E[wᵢ²] ≤ target or `limit` steps.
/// Two exact prunings end hopeless runs early:
/// - Split S_t = A^t S₀ A^tᵀ + N_t where N_t (the noise part, N₀ = 0) grows monotonically in the
///   PSD order to the stationary S_∞ (N_{t+1} − N_t = A(N_t − N_{t−1})Aᵀ ⪰ 0). So E[L_t] ≥ ½ Σ h N_t
///   for all later t: once the noise part alone exceeds the target it is never reached. The noise
///   part is only tracked when the stationary loss exceeds the target.
/// - Without momentum each E[wᵢ²] moves monotonically from wᵢ₀² to its fixed point sᵢ, so
///   E[L_t] ≥ ½ Σ hᵢ min(wᵢ₀², sᵢ) for every t, which can rule a run out before it starts.
enum TargetStepper {
    /// The first t ≤ `limit` with E[L_t] ≤ `target`, or nil.
    static func steps(model: NQM, coefficients c: MomentCoefficients, target: Double, limit: Int) -> Int? {
        let d = c.dimension
        let h = c.curvatures
        var ww = model.initialPoint.map { $0 * $0 }
        var initial = 0.0
        for i in 0..<d { initial += h[i] * ww[i] }
        if 0.5 * initial <= target { return 0 }
        guard limit >= 1 else { return nil }

        let trackNoise = c.stationaryLoss() > target
        if trackNoise, !c.usesMomentum {
            var bound = 0.0
            for i in 0..<d { bound += h[i] * min(ww[i], c.stationarySquaredWeight(i)) }
            if 0.5 * bound > target { return nil }
        }
        let twiceTarget = 2 * target
        if !c.usesMomentum {
            let r = c.a.map { (1 - $0) * (1 - $0) }
            var noise = [Double](repeating: 0, count: d)
            return r.withUnsafeBufferPointer { r in
                c.q.withUnsafeBufferPointer { q in
                    h.withUnsafeBufferPointer { h in
                        ww.withUnsafeMutableBufferPointer { ww in
                            noise.withUnsafeMutableBufferPointer { noise in
                                for t in 1...limit {
                                    var loss = 0.0, noiseLoss = 0.0
                                    for i in 0..<d {
                                        let next = r[i] * ww[i] + q[i]
                                        ww[i] = next
                                        loss += h[i] * next
                                    }
                                    if loss <= twiceTarget { return t }
                                    if trackNoise {
                                        for i in 0..<d {
                                            let next = r[i] * noise[i] + q[i]
                                            noise[i] = next
                                            noiseLoss += h[i] * next
                                        }
                                        if noiseLoss > twiceTarget { return nil }
                                    }
                                }
                                return nil
                            }
                        }
                    }
                }
            }
        }
        var state = MomentumState(dimension: d, squaredWeights: ww)
        var noise = MomentumState(dimension: d, squaredWeights: [Double](repeating: 0, count: d))
        for t in 1...limit {
            if state.step(c) <= twiceTarget { return t }
            if trackNoise, noise.step(c) > twiceTarget { return nil }
        }
        return nil
    }
}
