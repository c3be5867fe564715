import Foundation

/// y = 10^c · C^k, a straight line in log-log space: log₁₀ y = k · log₁₀ C + c.
public struct PowerLaw: Codable, Sendable, Equatable {
    /// k.
    public var exponent: Double
    /// c.
    public var intercept: Double

    public init(exponent: Double, intercept: Double) {
        self.exponent = exponent
        self.intercept = intercept
    }

    /// y at `x`.
    public func callAsFunction(_ x: Double) -> Double {
        pow(10, exponent * log10(x) + intercept)
    }

    /// The least-squares line through (log₁₀ x, log₁₀ y) (`numpy.polyfit(log10 x, log10 y, 1)`).
    /// - Throws: `FitError` for a value ≤ 0 or non-finite, or fewer than two distinct x.
    public static func fit(x: [Double], y: [Double]) throws(FitError) -> PowerLaw {
        guard x.allSatisfy({ $0 > 0 && $0.isFinite }), y.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalidValue("a power law needs positive finite values")
        }
        let line = try Polynomial.fit(x: x.map(log10), y: y.map(log10), degree: 1)
        return PowerLaw(exponent: line.coefficients[1], intercept: line.coefficients[0])
    }
}
