import Foundation

/// The objective of the parametric fit, as Hoffmann et al. (Appendix D.2): over points
/// (Nᵢ, Dᵢ, Lᵢ) and θ = (a, b, e, α, β),
///
///     f(θ) = Σᵢ Huber_δ( LSE(a − α·ln Nᵢ, b − β·ln Dᵢ, e) − ln Lᵢ )
///     Huber_δ(r) = r²/2 for |r| ≤ δ, δ·(|r| − δ/2) otherwise
///
/// where LSE(x₁, x₂, x₃) = ln Σ eˣᵏ = ln L̂ᵢ, so the residual is the log-loss error. Gradient:
/// with pₖ the softmax weights of the three terms and h = Huber′ = clamp(r, −δ, δ),
/// ∂f/∂a = Σ h·p₁, ∂f/∂b = Σ h·p₂, ∂f/∂e = Σ h·p₃, ∂f/∂α = −Σ h·p₁·ln N, ∂f/∂β = −Σ h·p₂·ln D.
struct HuberObjective {
    let logParams: [Double]
    let logTokens: [Double]
    let logLoss: [Double]
    let delta: Double

    init(points: [ProfilePoint], delta: Double) {
        logParams = points.map { log(Double($0.params)) }
        logTokens = points.map { log($0.tokens) }
        logLoss = points.map { log($0.loss) }
        self.delta = delta
    }

    /// f(θ) and ∇f(θ).
    func callAsFunction(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
        let a = theta[0], b = theta[1], e = theta[2], alpha = theta[3], beta = theta[4]
        var value = 0.0
        var gradient = [Double](repeating: 0, count: 5)
        for i in logLoss.indices {
            let t1 = a - alpha * logParams[i], t2 = b - beta * logTokens[i], t3 = e
            let m = max(t1, t2, t3)
            let e1 = exp(t1 - m), e2 = exp(t2 - m), e3 = exp(t3 - m)
            let sum = e1 + e2 + e3
            let r = m + log(sum) - logLoss[i]
            let h: Double
            if abs(r) <= delta {
                value += 0.5 * r * r
                h = r
            } else {
                value += delta * (abs(r) - 0.5 * delta)
                h = r > 0 ? delta : -delta
            }
            let p1 = e1 / sum, p2 = e2 / sum, p3 = e3 / sum
            gradient[0] += h * p1
            gradient[1] += h * p2
            gradient[2] += h * p3
            gradient[3] -= h * p1 * logParams[i]
            gradient[4] -= h * p2 * logTokens[i]
        }
        return (value, gradient)
    }
}
