import Foundation
import Testing
import TinyformerScaling

@Suite struct EnvelopeTests {
    /// A small model whose loss is flat at 1 and a large one at 10 / (C / 10⁸): the large one is
    /// lower exactly from C = 10⁹ on.
    static func curves() throws -> [RunCurve] {
        [RunCurve(run: "small", params: 1_000, curve: try LogLogCurve(x: [1e8, 1e10], y: [1, 1])),
         RunCurve(run: "large", params: 10_000, curve: try LogLogCurve(x: [1e8, 1e10], y: [100, 0.01]))]
    }

    @Test func picksTheLowerCurveOnEachSideOfTheCrossing() throws {
        // 20 points: none falls on the crossing itself, where both curves read 1.
        let fit = EnvelopeAnalysis.fit(curves: try Self.curves(), gridCount: 20, replicates: 0, seed: 0, target: 1e15, grid: [])
        #expect(fit.points.count == 20)
        for point in fit.points {
            #expect(point.run == (point.flops < 1e9 ? "small" : "large"), "at \(point.flops)")
        }
        #expect(fit.law != nil && (fit.law?.a ?? 0) > 0)
    }

    @Test func noOverlapMeansNoEnvelope() throws {
        let apart = [RunCurve(run: "a", params: 1, curve: try LogLogCurve(x: [1, 2], y: [1, 1])),
                     RunCurve(run: "b", params: 2, curve: try LogLogCurve(x: [3, 4], y: [1, 1]))]
        let fit = EnvelopeAnalysis.fit(curves: apart, replicates: 10, seed: 0, target: 1e15, grid: [])
        #expect(fit.law == nil && fit.points.isEmpty)
        #expect(fit.warnings == ["envelope: no two runs' curves overlap in FLOPs; no envelope"])
    }

    @Test func oneSizeBestEverywhereIsSaidPlainly() throws {
        let dominated = [try Self.curves()[0], RunCurve(run: "worse", params: 5_000, curve: try LogLogCurve(x: [1e8, 1e10], y: [2, 2]))]
        let fit = EnvelopeAnalysis.fit(curves: dominated, replicates: 0, seed: 0, target: 1e15, grid: [])
        #expect(abs(try #require(fit.law).a) < 1e-12)
        #expect(fit.warnings.first?.contains("one size (N = 1000) is best") == true)
    }
}
