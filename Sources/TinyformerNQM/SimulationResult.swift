/// Monte Carlo estimate of the expected loss curve next to the exact one.
///
/// At each recorded step: `mean` = (1/R) Σᵣ L(w_t^(r)) over R independent runs, `standardError` =
/// s/√R with s the sample standard deviation, and the confidence interval mean ± z·SE.
public struct SimulationResult: Codable, Sendable, Equatable {
    public var batchSize: Int
    public var optimizer: OptimizerConfig
    public var runs: Int
    public var seed: UInt64
    public var steps: [Int]
    public var exact: [Double]
    public var mean: [Double]
    public var standardError: [Double]

    public init(batchSize: Int, optimizer: OptimizerConfig, runs: Int, seed: UInt64, steps: [Int],
                exact: [Double], mean: [Double], standardError: [Double]) {
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.runs = runs
        self.seed = seed
        self.steps = steps
        self.exact = exact
        self.mean = mean
        self.standardError = standardError
    }

    /// Lower ends mean − z·SE of the confidence intervals (z = 1.96: 95 %).
    public func lowerBounds(z: Double = 1.96) -> [Double] {
        zip(mean, standardError).map { $0 - z * $1 }
    }

    /// Upper ends mean + z·SE of the confidence intervals.
    public func upperBounds(z: Double = 1.96) -> [Double] {
        zip(mean, standardError).map { $0 + z * $1 }
    }

    /// Fraction of recorded steps whose exact value lies within mean ± z·SE.
    public func coverage(z: Double = 1.96) -> Double {
        guard !exact.isEmpty else { return 0 }
        var inside = 0
        for j in exact.indices where abs(exact[j] - mean[j]) <= z * standardError[j] + 1e-12 * abs(exact[j]) {
            inside += 1
        }
        return Double(inside) / Double(exact.count)
    }

    enum CodingKeys: String, CodingKey {
        case batchSize = "batch"
        case optimizer
        case runs
        case seed
        case steps
        case exact
        case mean = "mc_mean"
        case standardError = "mc_standard_error"
    }
}
