import Testing
@testable import TinyformerScaling

@Suite struct LogLogCurveTests {
    @Test func readsLikeNumpyInterpInLogSpace() throws {
        let r = try Reference.load().interpolation
        let curve = try LogLogCurve(x: r.x, y: r.y)
        expectClose(r.queries.map { curve.value(at: $0) ?? .nan }, r.values, rtol: 1e-12, "log-log interpolation")
    }

    @Test func neverExtrapolates() throws {
        let curve = try LogLogCurve(x: [1e9, 1e10], y: [2, 1])
        #expect(curve.value(at: 9.99e8) == nil && curve.value(at: 1.01e10) == nil && curve.value(at: .nan) == nil)
        #expect(curve.value(at: 1e10) == 1)
    }

    @Test func dropsUnusablePointsAndRefusesDecreasingX() throws {
        let curve = try LogLogCurve(x: [1, 2, 3, 4], y: [1, .nan, 0, 2])
        #expect(curve.x == [1, 4])
        #expect(throws: FitError.self) { try LogLogCurve(x: [2, 1], y: [1, 1]) }
        #expect(throws: FitError.self) { try LogLogCurve(x: [1], y: [.infinity]) }
    }

    @Test func bootstrapIntervalsArePercentilesLikeNumpys() throws {
        let r = try Reference.load().percentile
        expectClose(try #require(Bootstrap.interval(r.values)), r.interval, rtol: 1e-12, "2.5 and 97.5 percentiles")
        #expect(Bootstrap.interval([]) == nil)
    }
}
