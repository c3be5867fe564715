import Foundation
import TinyformerRandom

/// Monte Carlo simulation of the stochastic optimiser, to check the exact recursion.
extension NQM {
    /// The most coordinate updates (runs × dimension × steps) one simulation does.
    public static let maximumSimulationWork = 1e10

    /// Runs R independent optimisations for `steps` steps, vectorised over runs (one state array of
    /// R·d weights updated in place per step), and records the mean loss and its standard error
    /// every `recordEvery` steps next to the exact E[L_t].
    ///
    /// Per run and coordinate: ĝᵢ = hᵢ wᵢ + √(cᵢ/B)·zᵢ with zᵢ ~ N(0, 1) (the mean of B Gaussian
    /// queries is exactly N(hᵢwᵢ, cᵢ/B)); vᵢ ← β vᵢ − η hᵢ^(−p) ĝᵢ; wᵢ ← wᵢ + vᵢ. Run r draws from
    /// its own generator split from `SeededGenerator(seed:)`, so results are reproducible.
    /// `progress` receives a line at every tenth of the steps. At most `maximumRecordedPoints`
    /// points are recorded and `maximumSimulationWork` updates done; larger requests throw before
    /// anything is allocated.
    public func simulate(optimizer: OptimizerConfig, batchSize: Int, steps: Int, runs: Int, seed: UInt64,
                         recordEvery: Int = 1, progress: ((String) -> Void)? = nil) throws(NQMError) -> SimulationResult {
        guard runs >= 2, runs <= 1_000_000 else {
            throw NQMError.invalidParameter(name: "runs", value: Double(runs), expected: "an integer in 2…10⁶")
        }
        try Self.checkSteps(steps, name: "steps")
        try Self.checkSteps(recordEvery, name: "recordEvery", minimum: 1)
        guard Double(runs) * Double(dimension) <= 1e8 else {
            throw NQMError.invalidParameter(name: "runs × dimension", value: Double(runs) * Double(dimension), expected: "at most 10⁸")
        }
        try Self.checkRecordedPoints(steps: steps, recordEvery: recordEvery)
        let work = Double(runs) * Double(dimension) * Double(steps)
        guard work <= Self.maximumSimulationWork else {
            throw NQMError.invalidParameter(name: "runs × dimension × steps", value: work,
                                            expected: "at most 10¹⁰ coordinate updates; use fewer runs, steps or dimensions")
        }
        let exactCurve = try expectedLossCurve(optimizer: optimizer, batchSize: batchSize, steps: steps, recordEvery: recordEvery)

        let d = dimension
        let rates = optimizer.coordinateLearningRates(for: self)
        let noiseStd = noiseVariances.map { ($0 / Double(batchSize)).squareRoot() }
        let beta = optimizer.momentum
        var master = SeededGenerator(seed: seed)
        var generators = (0..<runs).map { _ in master.split() }
        var w = [Double](repeating: 0, count: runs * d)  // (R, d)
        var v = [Double](repeating: 0, count: runs * d)  // (R, d)
        for r in 0..<runs { for i in 0..<d { w[r * d + i] = initialPoint[i] } }

        var recordedSteps: [Int] = [], means: [Double] = [], errors: [Double] = []
        func record(_ t: Int) {
            var sum = 0.0, sumSquares = 0.0
            for r in 0..<runs {
                var l = 0.0
                for i in 0..<d { l += curvatures[i] * w[r * d + i] * w[r * d + i] }
                l *= 0.5
                sum += l
                sumSquares += l * l
            }
            let n = Double(runs)
            let mean = sum / n
            let variance = max(0, (sumSquares - n * mean * mean) / (n - 1))
            recordedSteps.append(t)
            means.append(mean)
            errors.append((variance / n).squareRoot())
        }
        record(0)
        var t = 0
        while t < steps {
            t += 1
            for r in 0..<runs {
                for i in 0..<d {
                    let j = r * d + i
                    let g = curvatures[i] * w[j] + noiseStd[i] * generators[r].nextNormal()
                    let velocity = beta * v[j] - rates[i] * g
                    v[j] = velocity
                    w[j] += velocity
                }
            }
            if t % recordEvery == 0 || t == steps { record(t) }
            if let progress, steps >= 10, t % (steps / 10) == 0 {
                progress("simulate: step \(t)/\(steps), Monte Carlo mean loss \(means.last ?? .nan)")
            }
        }
        return SimulationResult(batchSize: batchSize, optimizer: optimizer, runs: runs, seed: seed,
                                steps: recordedSteps, exact: exactCurve.loss, mean: means, standardError: errors)
    }
}
