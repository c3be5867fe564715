import Foundation
import Testing
import TinyformerScaling

@Suite struct PolynomialTests {
    @Test func equalsNumpyPolyfit() throws {
        for c in try Reference.load().polyfit {
            let fit = try Polynomial.fit(x: c.x, y: c.y, degree: c.degree)
            expectClose(fit.coefficients, c.coefficients, atol: 1e-12, rtol: 1e-9, "polyfit '\(c.name)'")
        }
    }

    @Test func evaluatesByHorner() {
        #expect(Polynomial(coefficients: [1, -2, 3])(2) == 9)
    }

    @Test func tooFewDistinctXOrNonFiniteValuesAreTypedErrors() {
        #expect(throws: FitError.insufficientData("a degree-2 polynomial needs 3 distinct x values, got 2")) {
            try Polynomial.fit(x: [1, 1, 2, 2], y: [1, 2, 3, 4], degree: 2)
        }
        #expect(throws: FitError.invalidValue("x and y must be finite")) { try Polynomial.fit(x: [1, 2, .nan], y: [1, 2, 3], degree: 1) }
    }

    /// y = 2·10³ · (C / 10¹⁰)^0.5 exactly: a = 0.5, c = log₁₀ 2000 − 5.
    @Test func powerLawIsALineInLogLog() throws {
        let x = [1e10, 1e11, 1e12]
        let law = try PowerLaw.fit(x: x, y: x.map { 2e3 * ($0 / 1e10).squareRoot() })
        expectClose([law.exponent, law.intercept], [0.5, log10(2e3) - 5], atol: 1e-12, "a, c")
        #expect(throws: FitError.self) { try PowerLaw.fit(x: [1, 2], y: [0, 1]) }
    }
}
