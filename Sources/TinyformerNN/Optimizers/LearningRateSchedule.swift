/// Learning-rate schedules. Each maps an epoch or step index (from 0) to a rate; set
/// `optimizer.learningRate` from it at the start of the epoch or step.
public enum LearningRateSchedule: Sendable, Equatable {
    /// lr · γ^epoch (`torch.optim.lr_scheduler.ExponentialLR`, stepped once per epoch).
    case exponential(initial: Float, gamma: Float)
    /// Linear warmup from 0 to `peak` over `warmupSteps`, then linear decay to `final` at
    /// `totalSteps` (held there afterwards): Hugging Face's `get_linear_schedule_with_warmup`
    /// when `final` = 0 (step 0 has rate 0).
    case linearWarmupDecay(peak: Float, warmupSteps: Int, totalSteps: Int, final: Float = 0)
    /// A constant rate.
    case constant(Float)

    /// The rate at `index` (an epoch for `.exponential`, a step for `.linearWarmupDecay`).
    public func rate(at index: Int) -> Float {
        switch self {
        case let .exponential(initial, gamma):
            var rate = initial
            for _ in 0..<max(index, 0) { rate *= gamma }
            return rate
        case let .linearWarmupDecay(peak, warmup, total, final):
            if index < warmup { return peak * Float(index) / Float(max(warmup, 1)) }
            let remaining = max(0, Float(total - index) / Float(max(total - warmup, 1)))
            return final + (peak - final) * remaining
        case let .constant(rate):
            return rate
        }
    }
}
