import TinyformerTensor

/// A polynomial p(x) = c₀ + c₁x + … + c_d x^d, fitted by least squares through LAPACK
/// (`leastSquares`, QR): the coefficients of `numpy.polyfit(x, y, d)` in ascending order.
public struct Polynomial: Codable, Sendable, Equatable {
    /// c₀ … c_d.
    public var coefficients: [Double]

    public init(coefficients: [Double]) {
        self.coefficients = coefficients
    }

    public var degree: Int { coefficients.count - 1 }

    /// p(x) by Horner's rule.
    public func callAsFunction(_ x: Double) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    /// The least-squares polynomial of `degree` through (x, y): min ‖V c − y‖₂ with the
    /// Vandermonde rows V = [1, x, …, x^d].
    /// - Throws: `FitError.invalidValue` for non-finite input or arrays of different lengths,
    ///   `.insufficientData` for fewer than d + 1 distinct x, `.singular` when LAPACK finds the
    ///   system rank deficient.
    public static func fit(x: [Double], y: [Double], degree: Int) throws(FitError) -> Polynomial {
        guard degree >= 0 else { throw .invalidValue("polynomial degree \(degree)") }
        guard x.count == y.count else { throw .invalidValue("\(x.count) x values for \(y.count) y values") }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { throw .invalidValue("x and y must be finite") }
        let distinct = Set(x).count
        guard distinct > degree else {
            throw .insufficientData("a degree-\(degree) polynomial needs \(degree + 1) distinct x values, got \(distinct)")
        }
        let rows = x.map { value in (0...degree).map { pow(value, $0) } }  // (m, d + 1)
        do {
            return Polynomial(coefficients: try leastSquares(rows, y, method: .qr))
        } catch {
            throw .singular("\(error)")
        }
    }

    private static func pow(_ x: Double, _ k: Int) -> Double {
        (0..<k).reduce(1) { product, _ in product * x }
    }
}
