import COpenBLAS
import Foundation
import TinyformerIO
import TinyformerTensor

/// Adam (Kingma & Ba) and AdamW (Loshchilov & Hutter), matching `torch.optim.Adam` /
/// `torch.optim.AdamW` step for step, including the order of float32 operations:
///   AdamW only: p ← p·(1 − lr·λ)            (decoupled weight decay)
///   Adam only:  g ← g + λ·p                  (L2 penalty, when λ > 0)
///   m ← m + (1 − β₁)(g − m);  v ← β₂·v + (1 − β₂)·g²
///   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// Parameter groups (`ParameterGroup`) may override λ and scale the rate, as `torch.optim`'s
/// param groups do.
public final class Adam: Optimizer {
    /// How weight decay enters the update.
    public enum WeightDecayMode: Sendable {
        /// Added to the gradient (`torch.optim.Adam(weight_decay=λ)`).
        case l2
        /// Applied to the weights directly (`torch.optim.AdamW`).
        case decoupled
    }

    public var learningRate: Float
    public let parameters: [Tensor]
    /// The groups `parameters` came from, in order (one group when built from a list).
    public let groups: [ParameterGroup]
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public let weightDecayMode: WeightDecayMode
    /// Number of steps taken (t in the bias corrections).
    public private(set) var stepCount = 0
    private var firstMoments: StateBuffers
    private var secondMoments: StateBuffers
    private let listsAParameterTwice: Bool

    public convenience init(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-8, weightDecay: Float = 0, weightDecayMode: WeightDecayMode = .l2) throws {
        try self.init(groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate, beta1: beta1, beta2: beta2,
                      epsilon: epsilon, weightDecay: weightDecay, weightDecayMode: weightDecayMode)
    }

    /// An optimizer over parameter groups; `parameters` lists the groups' parameters in order
    /// (the indices of `stateEntries`).
    public init(groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0, weightDecayMode: WeightDecayMode = .l2) throws {
        guard learningRate >= 0, epsilon >= 0, weightDecay >= 0, (0..<1).contains(beta1), (0..<1).contains(beta2),
              groups.allSatisfy({ ($0.weightDecay ?? 0) >= 0 && $0.learningRateScale >= 0 }) else {
            throw ModuleError.invalidConfiguration("Adam: need lr ≥ 0, ε ≥ 0, weight decay ≥ 0, group rate scales ≥ 0 and betas in [0, 1)")
        }
        self.groups = groups
        let parameters = groups.flatMap(\.parameters)
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.weightDecayMode = weightDecayMode
        firstMoments = StateBuffers(count: parameters.count)
        secondMoments = StateBuffers(count: parameters.count)
        listsAParameterTwice = Set(parameters.map(ObjectIdentifier.init)).count < parameters.count
    }

    /// AdamW: Adam with decoupled weight decay (default λ = 0.01 as in PyTorch).
    public static func adamW(parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 0.01) throws -> Adam {
        try Adam(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2,
                 epsilon: epsilon, weightDecay: weightDecay, weightDecayMode: .decoupled)
    }

    /// AdamW over parameter groups (e.g. `model.weightDecayGroups(weightDecay: 0.01)`).
    public static func adamW(groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                             epsilon: Float = 1e-8, weightDecay: Float = 0.01) throws -> Adam {
        try Adam(groups: groups, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                 weightDecay: weightDecay, weightDecayMode: .decoupled)
    }

    public func step() { step(scalingGradientsBy: 1) }

    /// One update from factor · g, multiplied as each gradient is read (the gradients themselves
    /// stay unscaled), bit for bit `clipGradientNorm` followed by `step()`.
    public func step(scalingGradientsBy factor: Float) {
        // A parameter listed twice would have its gradient scaled twice by the in-place route.
        if listsAParameterTwice && factor != 1 {
            scaleGradients(parameters, by: factor)
            return step(scalingGradientsBy: 1)
        }
        stepCount += 1
        // PyTorch computes the bias corrections in double precision, then rounds the scalars.
        let t = Double(stepCount)
        let correction1 = 1 - pow(Double(beta1), t)
        let c2 = Float((1 - pow(Double(beta2), t)).squareRoot())
        // Every parameter's update is elementwise: one parallel pass over all of them end to end.
        var segments: [Segment] = []
        var total = 0, index = 0
        for group in groups {
            let rate = learningRate * group.learningRateScale
            let settings = updateSettings(learningRate: rate, weightDecay: group.weightDecay ?? weightDecay,
                                          stepSize: Float(Double(rate) / correction1))
            for p in group.parameters {
                defer { index += 1 }
                guard let gradient = p.gradientData else { continue }
                segments.append(Segment(start: total, count: p.count, weights: p.data, gradient: gradient,
                                        first: firstMoments.pointer(index, size: p.count),
                                        second: secondMoments.pointer(index, size: p.count), settings: settings))
                total += p.count
            }
        }
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let update = { (range: Range<Int>) in
            for segment in segments {
                let lower = max(range.lowerBound, segment.start), upper = min(range.upperBound, segment.start + segment.count)
                guard lower < upper else { continue }
                let i = lower - segment.start, s = segment.settings
                tf_adam_update(upper - lower, segment.weights + i, segment.gradient + i, factor, segment.first + i, segment.second + i,
                               beta1, beta2, s.stepSize, c2, epsilon, s.mode, s.decayArgument)
            }
        }
        // A parameter listed twice is updated twice, in order (as PyTorch would): no splitting then.
        if listsAParameterTwice { update(0..<total) } else { Parallel.elementwise(total, update) }
    }

    /// The C update's per-group arguments: step size lr/(1 − β₁ᵗ) and how weight decay enters
    /// (mode 0 none, 1 L2 with λ, 2 decoupled with the factor 1 − lr·λ).
    private struct UpdateSettings {
        let stepSize: Float
        let mode: Int32
        let decayArgument: Float
    }

    private func updateSettings(learningRate: Float, weightDecay: Float, stepSize: Float) -> UpdateSettings {
        switch (weightDecay, weightDecayMode) {
        case (0, _): UpdateSettings(stepSize: stepSize, mode: 0, decayArgument: 0)
        case (_, .l2): UpdateSettings(stepSize: stepSize, mode: 1, decayArgument: weightDecay)
        case (_, .decoupled):
            UpdateSettings(stepSize: stepSize, mode: 2, decayArgument: Float(1 - Double(learningRate) * Double(weightDecay)))
        }
    }

    /// One parameter's elements at [start, start + count) of the concatenated update.
    private struct Segment {
        let start: Int
        let count: Int
        let weights: UnsafeMutablePointer<Float>
        let gradient: UnsafeMutablePointer<Float>
        let first: UnsafeMutablePointer<Float>
        let second: UnsafeMutablePointer<Float>
        let settings: UpdateSettings
    }

    public func stateEntries() -> [String: SafeTensorsEntry] {
        var entries = firstMoments.entries(named: "exp_avg", parameters: parameters)
        entries.merge(secondMoments.entries(named: "exp_avg_sq", parameters: parameters)) { a, _ in a }
        // Float holds every integer up to 2²⁴ steps exactly.
        entries["state.step"] = SafeTensorsEntry(shape: [1], scalars: [Float(stepCount)])
        return entries
    }

    public func loadState(_ entries: [String: SafeTensorsEntry], source: String) throws {
        let first = try StateBuffers.restored(named: "exp_avg", parameters: parameters, from: entries, source: source)
        let second = try StateBuffers.restored(named: "exp_avg_sq", parameters: parameters, from: entries, source: source)
        guard let step = entries["state.step"]?.scalars.first, step >= 0, step == step.rounded() else {
            throw ModuleError.missingParameter(name: "state.step", source: source)
        }
        firstMoments = first
        secondMoments = second
        stepCount = Int(step)
    }
}
