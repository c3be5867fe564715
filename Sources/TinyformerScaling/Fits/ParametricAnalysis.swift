import Foundation
import TinyformerRandom

/// The starting points of the parametric fit: every combination of the listed values of
/// θ = (a, b, e, α, β) (A = eᵃ, B = eᵇ, E = eᵉ).
public struct InitialGrid: Sendable, Equatable {
    public var a: [Double]
    public var b: [Double]
    public var e: [Double]
    public var alpha: [Double]
    public var beta: [Double]

    public init(a: [Double], b: [Double], e: [Double], alpha: [Double], beta: [Double]) {
        self.a = a
        self.b = b
        self.e = e
        self.alpha = alpha
        self.beta = beta
    }

    /// Hoffmann et al.'s grid (Appendix D.2): α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1},
    /// a, b ∈ {0, 5, …, 25} — 4,500 starts.
    public static let hoffmann = InitialGrid(a: stride(0, 25, 5), b: stride(0, 25, 5), e: stride(-1, 1, 0.5),
                                             alpha: stride(0, 2, 0.5), beta: stride(0, 2, 0.5))

    /// Every start, a varying slowest and β fastest.
    public var starts: [[Double]] {
        a.flatMap { a in b.flatMap { b in e.flatMap { e in alpha.flatMap { alpha in beta.map { [a, b, e, alpha, $0] } } } } }
    }

    private static func stride(_ from: Double, _ to: Double, _ by: Double) -> [Double] {
        Array(Swift.stride(from: from, through: to + by / 2, by: by))
    }
}

/// 95 % bootstrap intervals of the parametric law's parameters.
public struct ParametricIntervals: Codable, Sendable, Equatable {
    public var E: [Double]?
    public var A: [Double]?
    public var B: [Double]?
    public var alpha: [Double]?
    public var beta: [Double]?
}

/// Approach 3: `ParametricLaw` fitted by minimising the `HuberObjective` (δ = 10⁻³ on log L)
/// with L-BFGS from every start of an `InitialGrid`, keeping the lowest objective (the paper's
/// procedure). Bootstrap replicates resample the points with replacement and refit from the
/// full fit's `restarts` best distinct optima (a full grid per replicate would cost thousands
/// of fits each); the implied compute-optimal a = β/(α+β) and N_opt, D_opt follow per replicate.
public struct ParametricAnalysis: Sendable {
    public var law: ParametricLaw?
    /// f(θ̂), the Huber objective at the fit.
    public var objective: Double?
    public var starts: Int
    /// Starts whose L-BFGS run met a tolerance.
    public var converged: Int
    public var intervals: ParametricIntervals?
    public var bootstrap: BootstrapSummary?
    public var warnings: [String]

    public static func fit(points: [ProfilePoint], delta: Double = 1e-3, grid: InitialGrid = .hoffmann, restarts: Int = 8,
                           replicates: Int, seed: UInt64, target: Double, band: [Double]) -> ParametricAnalysis {
        let usable = points.filter { $0.params > 0 && $0.tokens > 0 && $0.loss > 0 && $0.loss.isFinite && $0.tokens.isFinite }
        var result = ParametricAnalysis(law: nil, objective: nil, starts: 0, converged: 0, intervals: nil, bootstrap: nil, warnings: [])
        if usable.count < points.count {
            result.warnings.append("parametric fit: \(points.count - usable.count) point(s) with a non-positive or non-finite N, D or loss left out")
        }
        guard usable.count >= 5, Set(usable.map(\.params)).count >= 2, Set(usable.map(\.tokens)).count >= 2 else {
            result.warnings.append("parametric fit: \(usable.count) usable points with \(Set(usable.map(\.params)).count) sizes; L(N, D) has five parameters and needs at least five points over two sizes and two token counts; no fit")
            return result
        }
        let starts = grid.starts
        let objective = HuberObjective(points: usable, delta: delta)
        let runs = starts.map { LBFGS().minimize(from: $0, objective.callAsFunction) }
        result.starts = starts.count
        result.converged = runs.filter(\.converged).count
        guard let best = Self.best(runs) else {
            result.warnings.append("parametric fit: no start reached a finite objective; no fit")
            return result
        }
        let law = ParametricLaw(theta: best.x)
        result.law = law
        result.objective = best.value
        if !law.hasFrontier {
            result.warnings.append(String(format: "parametric fit: α = %.4g, β = %.4g, A = %.4g, B = %.4g — not all positive, so L(N, D) has no compute-optimal frontier", law.alpha, law.beta, law.A, law.B))
        }
        guard replicates > 0 else { return result }
        let seeds = Self.distinct(runs, count: restarts)
        var generator = SeededGenerator(seed: seed)
        var laws: [ParametricLaw] = []
        for _ in 0..<replicates {
            let sample = Bootstrap.resample(usable.count, using: &generator).map { usable[$0] }
            let replicate = HuberObjective(points: sample, delta: delta)
            if let fit = Self.best(seeds.map { LBFGS().minimize(from: $0, replicate.callAsFunction) }) {
                laws.append(ParametricLaw(theta: fit.x))
            }
        }
        result.intervals = ParametricIntervals(E: Bootstrap.interval(laws.map(\.E)), A: Bootstrap.interval(laws.map(\.A)),
                                               B: Bootstrap.interval(laws.map(\.B)), alpha: Bootstrap.interval(laws.map(\.alpha)),
                                               beta: Bootstrap.interval(laws.map(\.beta)))
        let allocations = laws.compactMap(\.allocation)
        result.bootstrap = BootstrapSummary(laws: allocations, replicates: replicates, seed: seed, target: target, grid: band)
        if allocations.count < laws.count {
            result.warnings.append("parametric bootstrap: \(laws.count - allocations.count) of \(laws.count) replicate fits had no compute-optimal frontier and are not in the a, N_opt, D_opt intervals")
        }
        return result
    }

    /// The run with the lowest finite objective (the first of equals).
    static func best(_ runs: [LBFGS.Result]) -> LBFGS.Result? {
        runs.filter(\.value.isFinite).enumerated().min { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }?.element
    }

    /// The end points of the `count` best runs that differ from each other by more than 10⁻³ in
    /// some coordinate.
    static func distinct(_ runs: [LBFGS.Result], count: Int) -> [[Double]] {
        var chosen: [[Double]] = []
        for run in runs.filter(\.value.isFinite).enumerated().sorted(by: { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }) {
            if chosen.allSatisfy({ zip($0, run.element.x).contains { abs($0 - $1) > 1e-3 } }) { chosen.append(run.element.x) }
            if chosen.count == count { break }
        }
        return chosen
    }
}
