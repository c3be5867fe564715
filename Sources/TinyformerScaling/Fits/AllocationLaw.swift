import Foundation

/// A compute-optimal allocation: N_opt(C) = 10^c · C^a and D_opt(C) = C / (6 · N_opt(C)), so
/// log₁₀ D_opt = (1 − a) · log₁₀ C − c − log₁₀ 6 and b = 1 − a exactly (C counted in course
/// FLOPs, D_opt as the issue defines it).
public struct AllocationLaw: Codable, Sendable, Equatable {
    /// N_opt(C).
    public var params: PowerLaw

    public init(params: PowerLaw) {
        self.params = params
    }

    /// a.
    public var a: Double { params.exponent }
    /// b = 1 − a.
    public var b: Double { tokens.exponent }

    /// D_opt(C) = C / (6 · N_opt(C)) as a power law.
    public var tokens: PowerLaw {
        PowerLaw(exponent: 1 - params.exponent, intercept: -params.intercept - log10(6))
    }

    /// N_opt at `flops`.
    public func optimalParams(_ flops: Double) -> Double { params(flops) }
    /// D_opt at `flops`.
    public func optimalTokens(_ flops: Double) -> Double { flops / (6 * params(flops)) }
}

/// One abscissa of a confidence band: the 2.5 and 97.5 percentiles of the bootstrap replicates'
/// N_opt(C) and D_opt(C).
public struct BandPoint: Codable, Sendable, Equatable {
    public var flops: Double
    public var paramsLow: Double
    public var paramsHigh: Double
    public var tokensLow: Double
    public var tokensHigh: Double
}

/// Percentile intervals (95 %) from bootstrap replicates of an allocation law.
public struct BootstrapSummary: Codable, Sendable, Equatable {
    /// Replicates drawn.
    public var replicates: Int
    /// Replicates that gave a law (the others had too few usable points).
    public var valid: Int
    public var seed: UInt64
    /// [2.5 %, 97.5 %] of a, b, N_opt(target) and D_opt(target); nil without valid replicates.
    public var a: [Double]?
    public var b: [Double]?
    public var optimalParams: [Double]?
    public var optimalTokens: [Double]?
    /// Pointwise bands over the chart's FLOP range.
    public var band: [BandPoint]

    /// Summarizes the replicates' laws at `target` and along `grid`.
    init(laws: [AllocationLaw], replicates: Int, seed: UInt64, target: Double, grid: [Double]) {
        self.replicates = replicates
        valid = laws.count
        self.seed = seed
        a = Bootstrap.interval(laws.map(\.a))
        b = Bootstrap.interval(laws.map(\.b))
        optimalParams = Bootstrap.interval(laws.map { $0.optimalParams(target) })
        optimalTokens = Bootstrap.interval(laws.map { $0.optimalTokens(target) })
        band = laws.isEmpty ? [] : grid.compactMap { flops in
            guard let n = Bootstrap.interval(laws.map { $0.optimalParams(flops) }),
                  let d = Bootstrap.interval(laws.map { $0.optimalTokens(flops) }) else { return nil }
            return BandPoint(flops: flops, paramsLow: n[0], paramsHigh: n[1], tokensLow: d[0], tokensHigh: d[1])
        }
    }
}
