/// Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, Algorithms 7.4–7.5) with a
/// strong-Wolfe line search (Algorithms 3.5–3.6, safeguarded cubic interpolation), for small
/// smooth problems such as the parametric scaling-law fit. Deterministic; a point where the
/// objective is not finite counts as too far (the step shrinks).
struct LBFGS {
    /// Correction pairs kept.
    var memory = 10
    var maxIterations = 1000
    /// Stop when max |∂f/∂xᵢ| ≤ this.
    var gradientTolerance = 1e-12
    /// Stop when an iteration lowers f by at most this, relative to max(|f|, 1e-300).
    var valueTolerance = 1e-15
    /// Sufficient decrease and curvature constants of the Wolfe conditions.
    var c1 = 1e-4
    var c2 = 0.9

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        /// Stopped by a tolerance (not by the iteration limit or a failed line search).
        var converged: Bool
    }

    typealias Objective = ([Double]) -> (value: Double, gradient: [Double])

    /// Minimises `objective` from `start`.
    func minimize(from start: [Double], _ objective: Objective) -> Result {
        var x = start
        var (value, gradient) = objective(x)
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else { return Result(x: x, value: .infinity, iterations: 0, converged: false) }
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        for iteration in 0..<maxIterations {
            if gradient.map(abs).max() ?? 0 <= gradientTolerance { return Result(x: x, value: value, iterations: iteration, converged: true) }
            var direction = twoLoop(gradient, pairs)
            if dot(direction, gradient) >= 0 {
                pairs.removeAll()
                direction = gradient.map { -$0 }
            }
            let initial = pairs.isEmpty ? min(1, 1 / max(norm(gradient), 1e-300)) : 1
            guard let step = lineSearch(x, value, gradient, direction, initial, objective) else {
                if pairs.isEmpty { return Result(x: x, value: value, iterations: iteration, converged: false) }
                pairs.removeAll()  // retry along steepest descent
                continue
            }
            let s = zip(step.x, x).map { $0 - $1 }, y = zip(step.gradient, gradient).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 * norm(s) * norm(y) {
                pairs.append((s, y, 1 / sy))
                if pairs.count > memory { pairs.removeFirst() }
            }
            let decrease = value - step.value
            x = step.x
            gradient = step.gradient
            let previous = value
            value = step.value
            if decrease <= valueTolerance * max(abs(previous), abs(value), 1e-300) {
                return Result(x: x, value: value, iterations: iteration + 1, converged: true)
            }
        }
        return Result(x: x, value: value, iterations: maxIterations, converged: false)
    }

    /// −H·g by the two-loop recursion, H₀ = (sᵀy / yᵀy)·I from the newest pair.
    private func twoLoop(_ gradient: [Double], _ pairs: [(s: [Double], y: [Double], rho: Double)]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: pairs.count)
        for i in pairs.indices.reversed() {
            alphas[i] = pairs[i].rho * dot(pairs[i].s, q)
            for k in q.indices { q[k] -= alphas[i] * pairs[i].y[k] }
        }
        if let last = pairs.last {
            let gamma = dot(last.s, last.y) / dot(last.y, last.y)
            for k in q.indices { q[k] *= gamma }
        }
        for i in pairs.indices {
            let beta = pairs[i].rho * dot(pairs[i].y, q)
            for k in q.indices { q[k] += pairs[i].s[k] * (alphas[i] - beta) }
        }
        return q.map { -$0 }
    }

    private struct Trial {
        var alpha: Double
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var slope: Double
    }

    /// A step satisfying the strong Wolfe conditions along `direction`, or nil.
    private func lineSearch(_ x: [Double], _ value: Double, _ gradient: [Double], _ direction: [Double], _ initial: Double,
                            _ objective: Objective) -> (x: [Double], value: Double, gradient: [Double])? {
        let slope0 = dot(gradient, direction)
        func trial(_ alpha: Double) -> Trial {
            let point = zip(x, direction).map { $0 + alpha * $1 }
            let (v, g) = objective(point)
            let finite = v.isFinite && g.allSatisfy(\.isFinite)
            return Trial(alpha: alpha, x: point, value: finite ? v : .infinity, gradient: g, slope: finite ? dot(g, direction) : .nan)
        }
        func sufficient(_ t: Trial) -> Bool { t.value <= value + c1 * t.alpha * slope0 }
        func curvature(_ t: Trial) -> Bool { abs(t.slope) <= -c2 * slope0 }
        func accept(_ t: Trial) -> (x: [Double], value: Double, gradient: [Double]) { (t.x, t.value, t.gradient) }

        var previous = Trial(alpha: 0, x: x, value: value, gradient: gradient, slope: slope0)
        var alpha = initial
        for i in 0..<40 {
            let current = trial(alpha)
            if !current.value.isFinite {
                return zoom(previous, current, value, slope0, trial).map(accept)
            }
            if !sufficient(current) || (i > 0 && current.value >= previous.value) {
                return zoom(previous, current, value, slope0, trial).map(accept)
            }
            if curvature(current) { return accept(current) }
            if current.slope >= 0 { return zoom(current, previous, value, slope0, trial).map(accept) }
            previous = current
            alpha *= 2
        }
        return nil
    }

    /// Algorithm 3.6: shrinks [low, high] (low satisfies sufficient decrease and has the lower
    /// value) until a point satisfies both Wolfe conditions; returns low if it has improved on the
    /// start when the interval collapses.
    private func zoom(_ lowStart: Trial, _ highStart: Trial, _ value0: Double, _ slope0: Double,
                      _ trial: (Double) -> Trial) -> Trial? {
        var low = lowStart, high = highStart
        for _ in 0..<60 {
            let alpha = interpolate(low, high)
            let current = trial(alpha)
            if !current.value.isFinite || current.value > value0 + c1 * alpha * slope0 || current.value >= low.value {
                high = current
            } else {
                if abs(current.slope) <= -c2 * slope0 { return current }
                if current.slope * (high.alpha - low.alpha) >= 0 { high = low }
                low = current
            }
            if abs(high.alpha - low.alpha) <= 1e-16 * max(abs(low.alpha), 1e-300) { break }
        }
        return low.alpha > 0 && low.value < value0 ? low : nil
    }

    /// The minimiser of the cubic through both ends' values and slopes, kept 10 % inside the
    /// interval; the midpoint when the cubic is unusable (or an end is not finite).
    private func interpolate(_ a: Trial, _ b: Trial) -> Double {
        let lower = min(a.alpha, b.alpha), upper = max(a.alpha, b.alpha), width = upper - lower
        let middle = lower + width / 2
        guard a.value.isFinite, b.value.isFinite, a.slope.isFinite, b.slope.isFinite, a.alpha != b.alpha else { return middle }
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.alpha - b.alpha)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return middle }
        let d2 = (b.alpha > a.alpha ? 1.0 : -1.0) * radicand.squareRoot()
        let alpha = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
        guard alpha.isFinite, alpha >= lower + 0.1 * width, alpha <= upper - 0.1 * width else { return middle }
        return alpha
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
