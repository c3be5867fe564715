import Foundation

/// Cosine decay over exactly one run of T steps, as in Hoffmann et al. (the cycle length equals
/// the run, ending at a tenth of the peak by default):
///
///     η(t) = η₀ · (f + (1 − f) · ½ · (1 + cos(π · t / (T − 1))))   for t = 0 … T − 1
///
/// so the first step uses η₀ and the last exactly f · η₀ (T = 1: η₀). No warm-up: the course's
/// Adam runs start at full rate too.
public struct CosineSchedule: Sendable, Equatable {
    public var peak: Float
    /// f, the final rate as a fraction of the peak.
    public var finalFraction: Double
    /// T, the run's optimizer steps.
    public var steps: Int

    public init(peak: Float, finalFraction: Double = 0.1, steps: Int) {
        self.peak = peak
        self.finalFraction = finalFraction
        self.steps = steps
    }

    /// η(t); steps past the end keep the final rate.
    public func rate(step: Int) -> Float {
        let progress = steps > 1 ? min(max(Double(step), 0) / Double(steps - 1), 1) : 0
        let factor = finalFraction + (1 - finalFraction) * 0.5 * (1 + cos(Double.pi * progress))
        return Float(Double(peak) * factor)
    }
}
