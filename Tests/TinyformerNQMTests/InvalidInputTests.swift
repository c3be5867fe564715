import Testing
@testable import TinyformerNQM

/// Invalid input throws a typed `NQMError` (never traps, never hangs).
@Suite struct InvalidInputTests {
    @Test func nonPositiveCurvatureOrNegativeNoiseIsRejected() {
        expectNQMError("a = 0") { _ = try NQM.scalar(curvature: 0, noiseStd: 1) }
        expectNQMError("a < 0") { _ = try NQM.diagonal(dimension: 4, curvatureScale: -1) }
        expectNQMError("σ < 0") { _ = try NQM.scalar(curvature: 1, noiseStd: -0.1) }
        expectNQMError("σ = NaN") { _ = try NQM.diagonal(dimension: 4, noiseStd: .nan) }
        expectNQMError("d = 0") { _ = try NQM.diagonal(dimension: 0) }
        expectNQMError("empty model") { _ = try NQM(curvatures: [], noiseVariances: [], initialPoint: []) }
        expectNQMError("lengths differ") { _ = try NQM(curvatures: [1, 2], noiseVariances: [1], initialPoint: [1, 1]) }
        expectNQMError("h_i ≤ 0") { _ = try NQM(curvatures: [1, 0], noiseVariances: [1, 1], initialPoint: [1, 1]) }
    }

    @Test func emptyOrNonPositiveBatchSizesAreRejected() throws {
        let nqm = try NQM.diagonal(dimension: 4)
        let options = SearchOptions(targetLoss: 0.1)
        expectNQMError("empty list", { if case .invalidBatchSizes = $0 { true } else { false } }) {
            _ = try nqm.batchScaling(for: .sgd, batchSizes: [], options: options)
        }
        expectNQMError("B = 0", { if case .invalidBatchSizes = $0 { true } else { false } }) {
            _ = try nqm.optimalLearningRates(for: .sgd, batchSizes: [4, 0], options: options)
        }
        expectNQMError("B = -3") { _ = try nqm.optimalLearningRate(for: .precond, batchSize: -3, options: options) }
        expectNQMError("B = 0 in dynamics") { _ = try ExpectedDynamics(model: nqm, optimizer: .sgd(learningRate: 0.1), batchSize: 0) }
    }

    @Test func targetsOutsideZeroToInitialLossAreRejected() throws {
        let nqm = try NQM.diagonal(dimension: 4)
        for target in [0, -1, .nan, .infinity, nqm.initialLoss, 10 * nqm.initialLoss] {
            expectNQMError("target \(target)") {
                _ = try nqm.optimalLearningRate(for: .sgd, batchSize: 1, options: SearchOptions(targetLoss: target))
            }
        }
        expectNQMError("stepsToTarget target 0") {
            _ = try nqm.stepsToTarget(0, optimizer: .sgd(learningRate: 0.1), batchSize: 1, maxSteps: 10)
        }
    }

    @Test func aTargetThatCannotBeReachedInTheStepBudgetThrowsQuickly() throws {
        let nqm = try NQM.diagonal(dimension: 50)
        expectNQMError("1e-6 in 100 steps", { if case .targetNotReached(_, 1, 100) = $0 { true } else { false } }) {
            _ = try nqm.optimalLearningRate(for: .sgd, batchSize: 1, options: SearchOptions(targetLoss: 1e-6, maxSteps: 100))
        }
        expectNQMError("momentum too", { if case .targetNotReached = $0 { true } else { false } }) {
            _ = try nqm.optimalLearningRate(for: .momentum, batchSize: 2, options: SearchOptions(targetLoss: 1e-6, maxSteps: 100))
        }
    }

    @Test func hyperparametersOutsideTheStabilityRegionAreRejected() throws {
        let nqm = try NQM.diagonal(dimension: 4)
        expectNQMError("η = 2/h_max", { if case .unstableLearningRate(_, 2) = $0 { true } else { false } }) {
            _ = try nqm.expectedLossCurve(optimizer: .sgd(learningRate: 2), batchSize: 1, steps: 5)
        }
        expectNQMError("η ≥ 2(1+β)/h_max") { _ = try nqm.stationaryLoss(optimizer: .heavyBall(learningRate: 3.9, momentum: 0.9), batchSize: 1) }
        expectNQMError("η ≤ 0") { _ = try nqm.expectedLoss(optimizer: .sgd(learningRate: 0), batchSize: 1, after: 3) }
        expectNQMError("β = 1") { _ = try nqm.expectedLoss(optimizer: .heavyBall(learningRate: 0.1, momentum: 1), batchSize: 1, after: 3) }
        expectNQMError("p = 1.5") { _ = try nqm.expectedLoss(optimizer: .preconditioned(learningRate: 0.1, power: 1.5), batchSize: 1, after: 3) }
        expectNQMError("closed form with momentum") {
            _ = try nqm.closedFormExpectedLoss(optimizer: .heavyBall(learningRate: 0.1, momentum: 0.5), batchSize: 1, after: 3)
        }
    }

    @Test func invalidSearchAndSimulationSettingsAreRejected() throws {
        let nqm = try NQM.diagonal(dimension: 4)
        var options = SearchOptions(targetLoss: 0.1)
        options.momentumGrid = []
        expectNQMError("empty momentum grid") { _ = try nqm.optimalLearningRate(for: .momentum, batchSize: 1, options: options) }
        options = SearchOptions(targetLoss: 0.1, maxSteps: 0)
        expectNQMError("maxSteps = 0") { _ = try nqm.optimalLearningRate(for: .sgd, batchSize: 1, options: options) }
        options = SearchOptions(targetLoss: 0.1, preconditionPower: -0.5)
        expectNQMError("p < 0") { _ = try nqm.optimalLearningRate(for: .precond, batchSize: 1, options: options) }
        expectNQMError("runs = 1") { _ = try nqm.simulate(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 5, runs: 1, seed: 0) }
        expectNQMError("steps < 0") { _ = try nqm.simulate(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: -1, runs: 4, seed: 0) }
        expectNQMError("recordEvery = 0") { _ = try nqm.expectedLossCurve(optimizer: .sgd(learningRate: 0.1), batchSize: 1, steps: 5, recordEvery: 0) }
        expectNQMError("regime fit with one point") { _ = try RegimeFit.fit(batches: [1], steps: [10]) }
    }
}
