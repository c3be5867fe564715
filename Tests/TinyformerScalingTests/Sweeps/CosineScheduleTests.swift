import Foundation
import Testing
import TinyformerScaling

@Suite struct CosineScheduleTests {
    let schedule = CosineSchedule(peak: 5e-4, finalFraction: 0.1, steps: 101)

    @Test func startsAtThePeakAndEndsAtATenthOfIt() {
        #expect(schedule.rate(step: 0) == 5e-4)
        // Float rates: within a few units in the last place of the exact values.
        #expect(abs(Double(schedule.rate(step: 100)) - 5e-5) <= 1e-7 * 5e-5)
        // Halfway, cos(π/2) = 0: 0.1 + 0.9 · 0.5 = 0.55 of the peak.
        #expect(abs(Double(schedule.rate(step: 50)) - 0.55 * 5e-4) <= 1e-7 * 5e-4)
    }

    @Test func decreasesMonotonicallyAndStaysAtTheFloorAfterwards() {
        let rates = (0...100).map { schedule.rate(step: $0) }
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(schedule.rate(step: 500) == schedule.rate(step: 100))
    }

    @Test func aOneStepRunUsesThePeak() {
        #expect(CosineSchedule(peak: 1e-3, steps: 1).rate(step: 0) == 1e-3)
    }
}
