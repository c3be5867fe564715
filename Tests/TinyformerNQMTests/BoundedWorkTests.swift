import Testing
@testable import TinyformerNQM

/// Requests whose work or output would be unbounded throw before anything is allocated.
@Suite struct BoundedWorkTests {
    @Test func aStartingPointWithAnInfiniteLossIsAnInputError() {
        expectNQMError("w0 = 1e200", { "\($0)".contains("w0") && "\($0)".contains("finite") }) {
            _ = try NQM.scalar(curvature: 1, noiseStd: 1, initialPoint: 1e200)
        }
        expectNQMError("d·h·w0² overflows", { "\($0)".contains("L(w0)") }) {
            _ = try NQM(curvatures: [1e300, 1e300], noiseVariances: [0, 0], initialPoint: [1e4, 1e4])
        }
        #expect(throws: Never.self) { _ = try NQM.scalar(curvature: 1, noiseStd: 1, initialPoint: 1e150) }
    }

    @Test func recordingMoreThanTheCapIsRefusedWithTheSmallestWorkingInterval() throws {
        let nqm = try NQM.scalar(curvature: 1, noiseStd: 1)
        expectNQMError("10⁷ points", { "\($0)".contains("record every 101 steps") }) {
            _ = try nqm.simulate(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 10_000_000, runs: 2, seed: 0)
        }
        expectNQMError("10⁹ exact points") {
            _ = try nqm.expectedLossCurve(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 1_000_000_000)
        }
        let curve = try nqm.expectedLossCurve(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 10_000_000, recordEvery: 101)
        #expect(curve.steps.count <= NQM.maximumRecordedPoints)
    }

    @Test func simulationsAboveTheWorkCapAreRefused() throws {
        let nqm = try NQM.diagonal(dimension: 1000)
        expectNQMError("10¹⁴ updates", { "\($0)".contains("10¹⁰") }) {
            _ = try nqm.simulate(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 1_000_000_000, runs: 100, seed: 0,
                                 recordEvery: 100_000)
        }
    }
}
