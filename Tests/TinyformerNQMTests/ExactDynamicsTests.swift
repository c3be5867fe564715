import Testing
@testable import TinyformerNQM

/// The exact moment recursion against closed forms and against itself.
@Suite struct ExactDynamicsTests {
    @Test func scalarSGDRecursionMatchesTheClosedForm() throws {
        let nqm = try NQM.scalar(curvature: 2, noiseStd: 0.7, initialPoint: 1.5)
        let sgd = OptimizerConfig.sgd(learningRate: 0.3)
        let curve = try nqm.expectedLossCurve(optimizer: sgd, batchSize: 4, steps: 60)
        let closed = try curve.steps.map { try nqm.closedFormExpectedLoss(optimizer: sgd, batchSize: 4, after: $0) }
        expectClose(curve.loss, closed, atol: 1e-14, rtol: 1e-10, "E[L_t] recursion vs closed form")
        // Hand-computed: r = (1 − 0.6)² = 0.16, E[w₁²] = 0.16·2.25 + 0.09·0.49/4.
        #expect(abs(curve.loss[1] - 0.5 * 2 * (0.16 * 2.25 + 0.09 * 0.49 / 4)) < 1e-14)
    }

    @Test func diagonalPreconditionedRecursionMatchesTheClosedForm() throws {
        let nqm = try NQM.diagonal(dimension: 30)
        let config = OptimizerConfig.preconditioned(learningRate: 0.2, power: 0.5)
        let curve = try nqm.expectedLossCurve(optimizer: config, batchSize: 3, steps: 200, recordEvery: 10)
        let closed = try curve.steps.map { try nqm.closedFormExpectedLoss(optimizer: config, batchSize: 3, after: $0) }
        expectClose(curve.loss, closed, atol: 1e-13, rtol: 1e-9, "preconditioned E[L_t]")
    }

    @Test func jumpingAheadEqualsSteppingWithMomentum() throws {
        let nqm = try NQM.diagonal(dimension: 20)
        let config = OptimizerConfig.heavyBall(learningRate: 0.5, momentum: 0.9)
        var stepped = try ExpectedDynamics(model: nqm, optimizer: config, batchSize: 2)
        for _ in 0..<777 { stepped.step() }
        var jumped = try ExpectedDynamics(model: nqm, optimizer: config, batchSize: 2)
        jumped.advance(by: 777)
        #expect(jumped.stepCount == 777)
        expectClose(jumped.squaredWeights, stepped.squaredWeights, atol: 1e-14, rtol: 1e-9, "E[w²]")
        expectClose(jumped.crossMoments, stepped.crossMoments, atol: 1e-14, rtol: 1e-9, "E[wv]")
        expectClose(jumped.squaredVelocities, stepped.squaredVelocities, atol: 1e-14, rtol: 1e-9, "E[v²]")
        expectClose(jumped.meanWeights, stepped.meanWeights, atol: 1e-14, rtol: 1e-9, "E[w]")
    }

    @Test func momentumWithZeroBetaIsSGD() throws {
        let nqm = try NQM.diagonal(dimension: 10)
        let curve = try nqm.expectedLossCurve(optimizer: .heavyBall(learningRate: 0.4, momentum: 0), batchSize: 5, steps: 50)
        let closed = try curve.steps.map { try nqm.closedFormExpectedLoss(optimizer: .sgd(learningRate: 0.4), batchSize: 5, after: $0) }
        expectClose(curve.loss, closed, atol: 1e-14, rtol: 1e-10, "β = 0 momentum vs SGD")
    }

    @Test func meansFollowTheNoiselessHeavyBallIterates() throws {
        let nqm = try NQM.scalar(curvature: 1.5, noiseStd: 3, initialPoint: 2)
        var dynamics = try ExpectedDynamics(model: nqm, optimizer: .heavyBall(learningRate: 0.2, momentum: 0.7), batchSize: 1)
        var w = 2.0, v = 0.0
        for _ in 0..<25 {
            v = 0.7 * v - 0.2 * 1.5 * w
            w += v
            dynamics.step()
        }
        #expect(abs(dynamics.meanWeights[0] - w) < 1e-12)
        #expect(abs(dynamics.meanVelocities[0] - v) < 1e-12)
    }

    @Test func lossConvergesToTheStationaryLoss() throws {
        let nqm = try NQM.diagonal(dimension: 8)
        for config in [OptimizerConfig.sgd(learningRate: 0.8), .heavyBall(learningRate: 0.3, momentum: 0.8),
                       .preconditioned(learningRate: 0.5, power: 1)] {
            let stationary = try nqm.stationaryLoss(optimizer: config, batchSize: 4)
            let late = try nqm.expectedLoss(optimizer: config, batchSize: 4, after: 1_000_000)
            expectClose([late], [stationary], atol: 1e-12, rtol: 1e-8, "E[L_∞] for \(config)")
        }
        // SGD: ½ Σ ηcᵢ/(B(2 − ηhᵢ)) for d = 1.
        let scalar = try NQM.scalar(curvature: 1, noiseStd: 1)
        let value = try scalar.stationaryLoss(optimizer: .sgd(learningRate: 0.5), batchSize: 2)
        #expect(abs(value - 0.5 * 0.5 / (2 * 1.5)) < 1e-14)
    }

    @Test func stepsToTargetIsTheFirstCrossingOfTheCurve() throws {
        let nqm = try NQM.diagonal(dimension: 40)
        for config in [OptimizerConfig.sgd(learningRate: 0.3), .heavyBall(learningRate: 0.1, momentum: 0.9)] {
            let curve = try nqm.expectedLossCurve(optimizer: config, batchSize: 16, steps: 3000)
            let steps = try #require(try nqm.stepsToTarget(0.2, optimizer: config, batchSize: 16, maxSteps: 3000))
            #expect(curve.loss[steps] <= 0.2)
            #expect(curve.loss[..<steps].allSatisfy { $0 > 0.2 })
        }
        #expect(try nqm.stepsToTarget(100, optimizer: .sgd(learningRate: 0.1), batchSize: 1, maxSteps: 10) == 0)
    }

    @Test func hopelessRunsArePrunedWithoutRunningToTheBound() throws {
        // At η = 1.9 and B = 1 the noise floor (≈ 21) is far above the target: ruled out at once
        // for SGD and by the monotone noise part for momentum (the bound is never reached).
        let nqm = try NQM.diagonal(dimension: 50)
        let floor = try nqm.stationaryLoss(optimizer: .sgd(learningRate: 1.9), batchSize: 1)
        #expect(floor > 1)
        #expect(try nqm.stepsToTarget(0.1, optimizer: .sgd(learningRate: 1.9), batchSize: 1, maxSteps: 1_000_000_000) == nil)
        #expect(try nqm.stepsToTarget(0.1, optimizer: .heavyBall(learningRate: 1, momentum: 0.9), batchSize: 1,
                                      maxSteps: 1_000_000_000) == nil)
    }
}
