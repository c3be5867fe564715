import Foundation

/// Hoffmann et al.'s parametric loss (§3.3, Approach 3):
///
///     L(N, D) = E + A / N^α + B / D^β
///
/// Minimising it under C = 6·N·D gives the compute-optimal frontier
///
///     N_opt(C) = G · (C/6)^a,  D_opt(C) = G⁻¹ · (C/6)^b,  G = (αA / (βB))^(1/(α+β)),
///     a = β / (α + β),  b = α / (α + β).
public struct ParametricLaw: Codable, Sendable, Equatable {
    public var E: Double
    public var A: Double
    public var B: Double
    public var alpha: Double
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// From the fit's variables θ = (a, b, e, α, β) with A = eᵃ, B = eᵇ, E = eᵉ.
    init(theta: [Double]) {
        self.init(E: exp(theta[2]), A: exp(theta[0]), B: exp(theta[1]), alpha: theta[3], beta: theta[4])
    }

    /// L(N, D).
    public func loss(params: Double, tokens: Double) -> Double {
        E + A / pow(params, alpha) + B / pow(tokens, beta)
    }

    /// a = β / (α + β).
    public var a: Double { beta / (alpha + beta) }
    /// b = α / (α + β).
    public var b: Double { alpha / (alpha + beta) }

    /// Whether the law has a compute-optimal frontier (A, B, α, β all positive).
    public var hasFrontier: Bool { A > 0 && B > 0 && alpha > 0 && beta > 0 && A.isFinite && B.isFinite }

    /// The frontier as an allocation law: log₁₀ N_opt = a · log₁₀ C + log₁₀ G − a · log₁₀ 6;
    /// nil without a frontier.
    public var allocation: AllocationLaw? {
        guard hasFrontier else { return nil }
        let g = log10(alpha * A / (beta * B)) / (alpha + beta)
        let law = PowerLaw(exponent: a, intercept: g - a * log10(6))
        return law.exponent.isFinite && law.intercept.isFinite ? AllocationLaw(params: law) : nil
    }
}
