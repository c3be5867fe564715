import Testing
@testable import TinyformerNQM

/// The seeded Monte Carlo simulation agrees with the exact recursion.
@Suite struct MonteCarloTests {
    static let configs: [OptimizerConfig] = [
        .sgd(learningRate: 0.3), .heavyBall(learningRate: 0.1, momentum: 0.8), .preconditioned(learningRate: 0.2, power: 0.5),
    ]

    @Test(arguments: configs)
    func monteCarloMeanMatchesTheExactExpectedLoss(config: OptimizerConfig) throws {
        let nqm = try NQM.diagonal(dimension: 16)
        let result = try nqm.simulate(optimizer: config, batchSize: 2, steps: 120, runs: 400, seed: 7, recordEvery: 4)
        #expect(result.steps.count == 31)
        // Inside the 95 % interval at (about) 95 % of the steps, and never outside ±4.5 SE.
        #expect(result.coverage(z: 1.96) >= 0.8, "coverage \(result.coverage())")
        for j in result.steps.indices {
            #expect(abs(result.mean[j] - result.exact[j]) <= 4.5 * result.standardError[j] + 1e-12,
                    "step \(result.steps[j]): MC \(result.mean[j]) ± \(result.standardError[j]) vs exact \(result.exact[j])")
        }
        // The exact loss really moved, so the comparison is not trivial.
        #expect(result.exact.last! < 0.5 * result.exact.first!)
    }

    @Test func scalarMonteCarloMatchesTheClosedFormAtLargeBatchToo() throws {
        let nqm = try NQM.scalar(curvature: 1, noiseStd: 2)
        let result = try nqm.simulate(optimizer: .sgd(learningRate: 0.5), batchSize: 64, steps: 40, runs: 2000, seed: 3, recordEvery: 8)
        let closed = try result.steps.map { try nqm.closedFormExpectedLoss(optimizer: .sgd(learningRate: 0.5), batchSize: 64, after: $0) }
        for j in result.steps.indices {
            #expect(abs(result.mean[j] - closed[j]) <= 4.5 * result.standardError[j] + 1e-12)
        }
    }

    @Test func sameSeedReproducesAndAnotherSeedDiffers() throws {
        let nqm = try NQM.diagonal(dimension: 5)
        let a = try nqm.simulate(optimizer: .sgd(learningRate: 0.5), batchSize: 1, steps: 20, runs: 50, seed: 11)
        let b = try nqm.simulate(optimizer: .sgd(learningRate: 0.5), batchSize: 1, steps: 20, runs: 50, seed: 11)
        let c = try nqm.simulate(optimizer: .sgd(learningRate: 0.5), batchSize: 1, steps: 20, runs: 50, seed: 12)
        #expect(a == b)
        #expect(a.mean != c.mean)
        #expect(a.exact == c.exact)
    }
}

extension OptimizerConfig: CustomTestStringConvertible {
    public var testDescription: String { "η=\(learningRate) β=\(momentum) p=\(preconditionPower)" }
}
