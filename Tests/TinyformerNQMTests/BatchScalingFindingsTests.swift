import Testing
@testable import TinyformerNQM

/// The answers to the assignment's questions, asserted on the shared study (see `Study`).
@Suite struct BatchScalingFindingsTests {
    private func slope(_ points: [BatchPoint], _ value: (BatchPoint) -> Double) -> Double {
        RegimeFit.logLogSlope(x: points.map { Double($0.batch) }, y: points.map(value))
    }

    @Test(arguments: OptimizerKind.allCases)
    func optimalLearningRateGrowsLinearlyWithSmallBatches(kind: OptimizerKind) throws {
        let points = try Study.result(kind).points
        let small = slope(Array(points.prefix(4)), \.effectiveLearningRate)  // B = 1…8
        #expect(small >= 0.8 && small <= 1.2, "\(kind): optimal lr slope \(small) over B = 1…8")
    }

    @Test func optimalLearningRateSaturatesAtTheCurvatureLimit() throws {
        let points = try Study.result(.sgd).points
        let limit = 2 / (try Study.model()).maxCurvature
        #expect(points.allSatisfy { $0.learningRate < limit && $0.learningRateLimit == limit })
        let last = try #require(points.last)
        #expect(last.learningRate >= 0.8 * limit, "lr at B = \(last.batch) is \(last.learningRate), limit \(limit)")
        let large = slope(Array(points.suffix(4)), \.learningRate)  // B = 512…4096
        #expect(large >= -0.05 && large <= 0.15, "optimal lr slope \(large) over the largest batch sizes")
    }

    @Test(arguments: OptimizerKind.allCases)
    func stepsScalePerfectlyAtSmallBatchAndFlattenAtLargeBatch(kind: OptimizerKind) throws {
        let result = try Study.result(kind)
        let steps = result.points.map { Double($0.steps ?? 0) }
        #expect(steps.allSatisfy { $0 > 0 }, "every batch size reaches the target")
        let small = slope(Array(result.points.prefix(4)), { Double($0.steps ?? 0) })
        let large = slope(Array(result.points.suffix(3)), { Double($0.steps ?? 0) })
        #expect(small >= -1.2 && small <= -0.8, "\(kind): steps slope \(small) at B = 1…8 (perfect scaling is −1)")
        #expect(large >= -0.2 && large <= 0.05, "\(kind): steps slope \(large) at B = 1024…4096 (diminishing returns)")
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 >= $1 }, "\(kind): steps never grow with B")
        #expect(result.regime.smallBatchSlope <= -0.8)
    }

    @Test func momentumAndPreconditioningRaiseTheCriticalBatchSize() throws {
        let sgd = try Study.result(.sgd), momentum = try Study.result(.momentum), precond = try Study.result(.precond)
        #expect(sgd.criticalBatch > 8 && sgd.criticalBatch < 1024, "SGD B_crit \(sgd.criticalBatch) inside the scanned range")
        #expect(momentum.criticalBatch > 1.5 * sgd.criticalBatch, "momentum \(momentum.criticalBatch) vs SGD \(sgd.criticalBatch)")
        #expect(precond.criticalBatch > 1.5 * sgd.criticalBatch, "precond \(precond.criticalBatch) vs SGD \(sgd.criticalBatch)")
        // Momentum does not help in the noise-dominated regime, it helps on the floor.
        let s1 = Double(try #require(sgd.points.first?.steps)), m1 = Double(try #require(momentum.points.first?.steps))
        #expect(abs(m1 - s1) <= 0.1 * s1, "B = 1: momentum \(m1) vs SGD \(s1) steps")
        #expect(momentum.regime.minimumSteps < 0.5 * sgd.regime.minimumSteps)
        #expect(precond.regime.minimumSteps < 0.5 * sgd.regime.minimumSteps)
    }

    @Test func noiseScaleAtTheTargetPredictsTheCriticalBatchSizeWithinAFactorOfThree() throws {
        let sgd = try Study.result(.sgd)
        let ratio = sgd.criticalBatch / sgd.noiseScaleAtTarget
        #expect(ratio > 1.0 / 3 && ratio < 3, "B_crit \(sgd.criticalBatch) vs B_noise(target) \(sgd.noiseScaleAtTarget)")
        // At w₀ the gradient is large, so the initial noise scale badly underestimates B_crit.
        #expect(sgd.noiseScalePrediction < 0.1 * sgd.criticalBatch)
        #expect(abs(sgd.noiseScalePrediction - (try Study.model()).initialNoiseScale()) < 1e-12)
    }

    @Test func regimeFitFindsTheMeetingPointOfBothAsymptotes() throws {
        // S(B) = 1000/B + 10 exactly: K ≈ 1000(+10), floor 10 (≈ S at the largest B), B_crit ≈ 100.
        let batches = (0...14).map { Double(1 << $0) }
        let fit = try RegimeFit.fit(batches: batches, steps: batches.map { 1000 / $0 + 10 })
        #expect(abs(fit.criticalBatch - 100) < 15, "B_crit \(fit.criticalBatch)")
        #expect(abs(fit.smallBatchSlope + 1) < 0.05)
        #expect(abs(fit.largeBatchSlope) < 0.05)
    }

    @Test func lossAfterFixedStepsObjectiveFindsALocalOptimum() throws {
        let nqm = try NQM.diagonal(dimension: 30)
        let options = SearchOptions(targetLoss: 0.1, objective: .lossAfter(steps: 200))
        let point = try nqm.optimalLearningRate(for: .sgd, batchSize: 8, options: options)
        let best = try #require(point.loss)
        #expect(point.learningRate < nqm.stabilityLimit())
        for factor in [0.7, 1.4] where point.learningRate * factor < nqm.stabilityLimit() {
            let other = try nqm.expectedLoss(optimizer: .sgd(learningRate: point.learningRate * factor), batchSize: 8, after: 200)
            #expect(best <= other, "E[L_200] \(best) at η = \(point.learningRate) vs \(other) at \(factor)η")
        }
    }
}
