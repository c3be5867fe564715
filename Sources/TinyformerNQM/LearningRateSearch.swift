import Foundation

/// Internal: the bounded log-space learning-rate search at one batch size (see `SearchOptions`).
///
/// The objective f(η) is the steps to reach the target (runs are capped at the best count so far,
/// so poor learning rates stop early) or E[L_T]. Every run is bounded by `maxSteps`, the scan by
/// decades·pointsPerDecade points and the refinement by `refinementIterations`.
struct LearningRateSearch {
    let model: NQM
    let batchSize: Int
    let options: SearchOptions

    /// Best configuration found so far and its objective value (steps or loss).
    private(set) var best: (config: OptimizerConfig, value: Double)?
    private(set) var evaluations = 0

    init(model: NQM, batchSize: Int, options: SearchOptions) {
        self.model = model
        self.batchSize = batchSize
        self.options = options
    }

    /// Searches η for a fixed β and p (keeping the best over successive calls).
    mutating func search(momentum beta: Double, preconditionPower p: Double) {
        let limit = model.stabilityLimit(momentum: beta, preconditionPower: p)
        let ppd = Double(options.pointsPerDecade)
        let count = options.decades * options.pointsPerDecade
        func rate(_ j: Double) -> Double { limit * pow(10, -j / ppd) }

        var bestIndex: Int?
        var localBest = Double.infinity
        var sinceImprovement = 0
        for j in 1...count {
            let value = evaluate(rate(Double(j)), beta: beta, p: p)
            if value < localBest {
                localBest = value
                bestIndex = j
                sinceImprovement = 0
            } else if localBest.isFinite {
                sinceImprovement += 1
                if sinceImprovement >= options.patience { break }
            }
        }
        guard let j = bestIndex else { return }
        // Golden-section search on log η between the neighbouring grid points (just inside the
        // stability limit at the top).
        var lo = log(rate(Double(j + 1)))
        var hi = j == 1 ? log(limit * (1 - 1e-9)) : log(rate(Double(j - 1)))
        let phi = (5.0.squareRoot() - 1) / 2
        var x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo)
        var f1 = evaluate(exp(x1), beta: beta, p: p), f2 = evaluate(exp(x2), beta: beta, p: p)
        var remaining = max(0, options.refinementIterations - 2)
        while remaining > 0 {
            remaining -= 1
            if f1 <= f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - phi * (hi - lo)
                f1 = evaluate(exp(x1), beta: beta, p: p)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + phi * (hi - lo)
                f2 = evaluate(exp(x2), beta: beta, p: p)
            }
        }
    }

    /// The objective at η (∞ when the target is not reached within the cap); updates `best`.
    private mutating func evaluate(_ lr: Double, beta: Double, p: Double) -> Double {
        let config = OptimizerConfig(learningRate: lr, momentum: beta, preconditionPower: p)
        guard (try? config.validate(for: model)) != nil else { return .infinity }
        evaluations += 1
        let c = MomentCoefficients(model: model, optimizer: config, batchSize: Double(batchSize))
        let value: Double
        switch options.objective {
        case .stepsToTarget:
            // Only a strictly better count matters, so cap the run at best − 1 steps.
            let cap = best.map { Int($0.value) - 1 } ?? options.maxSteps
            let steps = cap >= 0 ? TargetStepper.steps(model: model, coefficients: c, target: options.targetLoss, limit: cap) : nil
            value = steps.map(Double.init) ?? .infinity
        case .lossAfter(let steps):
            guard var dynamics = try? ExpectedDynamics(model: model, optimizer: config, batchSize: batchSize) else {
                return .infinity
            }
            dynamics.advance(by: steps)
            let loss = dynamics.expectedLoss
            value = loss.isFinite ? loss : .infinity
        }
        if value.isFinite, value < (best?.value ?? .infinity) { best = (config, value) }
        return value
    }
}
