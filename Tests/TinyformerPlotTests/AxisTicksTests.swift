import Foundation
import Testing
import TinyformerPlot

/// Tick placement for linear and log10 axes.
@Suite struct AxisTicksTests {
    @Test(arguments: [(1.0, 4096.0), (0.003, 0.2), (5.0, 7.0), (1e-12, 1e12), (100.0, 100.0), (0.5, 1e6)])
    func logTicksArePowersOfTenCoveringTheRange(lower: Double, upper: Double) throws {
        let ticks = try AxisTicks.log10(lower: lower, upper: upper)
        #expect(ticks.count >= 2)
        for tick in ticks {
            let k = log10(tick)
            #expect(abs(k - k.rounded()) < 1e-12, "\(tick) is not a power of ten")
        }
        #expect(ticks.first! <= lower * (1 + 1e-12) && ticks.last! >= upper * (1 - 1e-12))
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(ticks.count <= 12)
    }

    @Test func exactPowersOfTenAreNotWidened() throws {
        #expect(try AxisTicks.log10(lower: 1, upper: 1000) == [1, 10, 100, 1000])
        #expect(try AxisTicks.log10(lower: 0.01, upper: 0.1) == [0.01, 0.1])
    }

    @Test func linearTicksAreNiceAndCoverTheRange() throws {
        let ticks = try AxisTicks.linear(lower: 0.13, upper: 9.7)
        #expect(ticks == [0, 2, 4, 6, 8, 10])
        let negative = try AxisTicks.linear(lower: -3.2, upper: 0.4)
        #expect(negative.first! <= -3.2 && negative.last! >= 0.4)
        let steps = zip(negative, negative.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 1e-9 })
        #expect(try AxisTicks.linear(lower: 5, upper: 5).count >= 2)
    }

    @Test func invalidTickRangesThrow() {
        #expect(throws: PlotError.self) { _ = try AxisTicks.log10(lower: 0, upper: 10) }
        #expect(throws: PlotError.self) { _ = try AxisTicks.log10(lower: -1, upper: 10) }
        #expect(throws: PlotError.self) { _ = try AxisTicks.linear(lower: .nan, upper: 1) }
        #expect(throws: PlotError.self) { _ = try AxisTicks.log10(lower: 1, upper: .infinity) }
    }
}
