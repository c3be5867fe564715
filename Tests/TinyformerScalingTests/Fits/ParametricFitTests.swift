import Foundation
import Testing
@testable import TinyformerScaling

@Suite struct ParametricFitTests {
    /// A small grid around plausible values: the full 4,500-start grid is exercised by
    /// `matchesScipysHuberFit`.
    static let smallGrid = InitialGrid(a: [0, 5, 10], b: [0, 5, 10], e: [-1, 0], alpha: [0.5, 1], beta: [0.5, 1])

    @Test func lbfgsFindsRosenbrocksMinimum() {
        let result = LBFGS().minimize(from: [-1.2, 1]) { x in
            let (a, b) = (x[0], x[1])
            return (100 * (b - a * a) * (b - a * a) + (1 - a) * (1 - a),
                    [-400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a)])
        }
        expectClose(result.x, [1, 1], atol: 1e-6, "Rosenbrock minimiser")
        #expect(result.converged)
    }

    /// The gradient of the Huber objective against central differences.
    @Test func huberGradientMatchesFiniteDifferences() throws {
        let points = try Reference.load().parametric.points.map { ProfilePoint(run: "", params: $0.params, tokens: $0.tokens, flops: 0, loss: $0.loss) }
        let objective = HuberObjective(points: points, delta: 0.05)
        let theta = [4.0, 7.0, -1.0, 0.4, 0.45]
        let analytic = objective(theta).gradient
        let numeric = (0..<5).map { k -> Double in
            var plus = theta, minus = theta
            plus[k] += 1e-6
            minus[k] -= 1e-6
            return (objective(plus).value - objective(minus).value) / 2e-6
        }
        expectClose(analytic, numeric, atol: 1e-7, rtol: 1e-5, "∇f")
    }

    /// Noise-free data from a known law: the fit recovers it.
    @Test func recoversAKnownLawFromExactData() throws {
        let truth = ParametricLaw(E: 0.4, A: 50, B: 700, alpha: 0.45, beta: 0.35)
        var points: [ProfilePoint] = []
        for n in [5_000, 20_000, 60_000, 150_000, 300_000] {
            for d in [1e5, 4e5, 1.6e6, 6.4e6] {
                points.append(ProfilePoint(run: "", params: n, tokens: d, flops: 0, loss: truth.loss(params: Double(n), tokens: d)))
            }
        }
        let fit = ParametricAnalysis.fit(points: points, grid: Self.smallGrid, replicates: 0, seed: 0, target: 1e15, band: [])
        let law = try #require(fit.law)
        expectClose([law.E, law.A, law.B, law.alpha, law.beta], [0.4, 50, 700, 0.45, 0.35], rtol: 1e-4, "E, A, B, α, β")
        #expect(abs(law.a - 0.35 / 0.8) < 1e-4)
    }

    /// The noisy reference fit of Scripts/make_scaling_fixtures.py (scipy L-BFGS-B, best of 243
    /// starts): ours, from Hoffmann et al.'s 4,500, reaches an objective at least as low, at the
    /// same optimum. With 2 % noise these data do not pin E down: both fits send it to 0
    /// (e → −∞), so E is compared with an absolute tolerance.
    @Test func matchesScipysHuberFit() throws {
        let r = try Reference.load().parametric
        let points = r.points.map { ProfilePoint(run: "", params: $0.params, tokens: $0.tokens, flops: 0, loss: $0.loss) }
        let fit = ParametricAnalysis.fit(points: points, delta: r.delta, replicates: 0, seed: 0, target: 1e15, band: [])
        let law = try #require(fit.law), objective = try #require(fit.objective)
        #expect(fit.starts == 4_500)
        #expect(objective <= r.objective * (1 + 1e-9) + 1e-15, "objective \(objective) vs scipy \(r.objective)")
        expectClose([law.E], [r.fit.E], atol: 1e-9, "E against scipy")
        expectClose([law.A, law.B, law.alpha, law.beta], [r.fit.A, r.fit.B, r.fit.alpha, r.fit.beta], rtol: 1e-3, "A, B, α, β against scipy")
    }

    @Test func tooFewPointsGiveAWarningNotAFit() {
        let points = (0..<4).map { ProfilePoint(run: "r\($0)", params: 1_000 * ($0 + 1), tokens: 1e5, flops: 0, loss: 1) }
        let fit = ParametricAnalysis.fit(points: points, grid: Self.smallGrid, replicates: 10, seed: 0, target: 1e15, band: [])
        #expect(fit.law == nil && fit.bootstrap == nil)
        #expect(fit.warnings.last?.contains("needs at least five points") == true)
    }

    /// N_opt(C) = G·(C/6)^a with G = (αA/(βB))^(1/(α+β)) (Hoffmann et al., eq. 4), computed
    /// here directly.
    @Test func theFrontierFollowsTheClosedForm() throws {
        let law = ParametricLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        let allocation = try #require(law.allocation)
        let g = pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62)
        for c in [1e18, 1e21, 1e24] {
            expectClose([allocation.optimalParams(c), allocation.optimalTokens(c)],
                        [g * pow(c / 6, 0.28 / 0.62), pow(c / 6, 0.34 / 0.62) / g], rtol: 1e-10, "N_opt, D_opt at \(c)")
        }
        #expect(ParametricLaw(E: 1, A: 1, B: 1, alpha: -0.1, beta: 0.3).allocation == nil)
    }
}
