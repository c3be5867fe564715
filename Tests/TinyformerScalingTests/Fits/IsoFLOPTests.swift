import Foundation
import Testing
import TinyformerScaling

@Suite struct IsoFLOPTests {
    static func points(_ params: [Int], _ losses: [Double]) -> [ProfilePoint] {
        zip(params, losses).enumerated().map { i, p in ProfilePoint(run: "r\(i)", params: p.0, tokens: 1e6, flops: 1e11, loss: p.1) }
    }

    @Test func profilesAndTheLineEqualNumpy() throws {
        let r = try Reference.load().isoflop
        let analysis = IsoFLOPAnalysis.fit(points: r.budgets.map { ($0.flops, Self.points($0.params, $0.losses)) }, replicates: 0,
                                           seed: 0, target: 1e15, grid: [])
        for (profile, expected) in zip(analysis.profiles, r.budgets) {
            expectClose(try #require(profile.fit).coefficients, expected.fit, atol: 1e-12, rtol: 1e-9, "parabola at \(expected.flops)")
            expectClose([try #require(profile.optimalParams)], [expected.n_opt], rtol: 1e-9, "N_opt at \(expected.flops)")
        }
        let law = try #require(analysis.law)
        expectClose([law.a, law.params.intercept], [r.a, r.intercept], atol: 1e-12, rtol: 1e-9, "a, c")
        #expect(abs(law.b - (1 - r.a)) < 1e-12)
        let d = law.optimalTokens(1e15), n = law.optimalParams(1e15)
        #expect(abs(d - 1e15 / (6 * n)) <= 1e-9 * d)
        #expect(analysis.warnings.isEmpty)
    }

    @Test func fewerThanThreeSizesGiveAWarningNamingTheBudget() {
        let profile = IsoFLOPProfile.fit(budget: 1.28e12, points: Self.points([68_510, 151_902, 68_510], [0.5, 0.4, 0.51]))
        #expect(profile.optimalParams == nil && profile.fit == nil)
        #expect(profile.warnings == ["budget 1.28e12: 2 model sizes (68510, 151902) reach it; a parabola needs three; no N_opt"])
    }

    @Test func equalLossesHaveNoMinimum() {
        let profile = IsoFLOPProfile.fit(budget: 8e10, points: Self.points([4_862, 17_886, 39_102], [0.7, 0.7, 0.7]))
        #expect(profile.optimalParams == nil)
        #expect(profile.warnings.first?.hasPrefix("budget 8e10: all 3 losses are equal") == true)
    }

    @Test func aDownwardParabolaIsReportedNotUsed() throws {
        let concave = try #require(try Reference.load().polyfit.first { $0.name == "concave" })
        let params = concave.x.map { Int(pow(10, $0).rounded()) }
        let profile = IsoFLOPProfile.fit(budget: 3.2e11, points: Self.points(params, concave.y))
        #expect(profile.fit != nil && profile.optimalParams == nil)
        #expect(profile.warnings.first?.contains("opens downward") == true)
    }

    @Test func aVertexBeyondTheSizesIsFlaggedAsExtrapolated() {
        let profile = IsoFLOPProfile.fit(budget: 6.4e11, points: Self.points([4_862, 17_886, 39_102, 68_510], [1.2, 0.9, 0.8, 0.76]))
        #expect(profile.extrapolated && (profile.optimalParams ?? 0) > 68_510)
        #expect(profile.warnings.first?.contains("outside the sampled sizes 4862…68510") == true)
    }

    @Test func nonFiniteLossesAreLeftOutNamingTheRun() {
        var points = Self.points([4_862, 17_886, 39_102, 68_510], [1.2, 0.9, 0.8, 0.9])
        points[1].loss = .nan
        let profile = IsoFLOPProfile.fit(budget: 8e10, points: points)
        #expect(profile.points.count == 3 && profile.optimalParams != nil)
        #expect(profile.warnings.first == "budget 8e10: run r1 has loss nan and N 17886; left out")
    }

    @Test func theBootstrapIsSeededAndBracketsTheFit() throws {
        let r = try Reference.load().isoflop
        let points = r.budgets.map { ($0.flops, Self.points($0.params, $0.losses)) }
        let a = IsoFLOPAnalysis.fit(points: points, replicates: 300, seed: 5, target: 1e15, grid: [1e11, 1e15])
        let b = IsoFLOPAnalysis.fit(points: points, replicates: 300, seed: 5, target: 1e15, grid: [1e11, 1e15])
        let interval = try #require(a.bootstrap?.a)
        #expect(interval == b.bootstrap?.a)
        #expect(interval[0] <= r.a && r.a <= interval[1])
        #expect((a.bootstrap?.valid ?? 0) > 250)
        #expect(a.bootstrap?.band.count == 2)
    }
}
