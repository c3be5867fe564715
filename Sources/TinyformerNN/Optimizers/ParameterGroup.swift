import TinyformerTensor

/// Parameters that share optimizer settings (a `torch.optim` param group): e.g. the weights
/// with weight decay and the biases and LayerNorm parameters without, as Hugging Face's Trainer
/// does. Settings left nil take the optimizer's.
public struct ParameterGroup {
    public var parameters: [Tensor]
    /// λ for this group (nil: the optimizer's).
    public var weightDecay: Float?
    /// This group's rate is the optimizer's `learningRate` times this factor (so schedules,
    /// which set the optimizer's rate, keep the groups' ratios).
    public var learningRateScale: Float

    public init(parameters: [Tensor], weightDecay: Float? = nil, learningRateScale: Float = 1) {
        self.parameters = parameters
        self.weightDecay = weightDecay
        self.learningRateScale = learningRateScale
    }
}

extension Module {
    /// Two groups of the trainable parameters: weight decay λ on weights, none on biases and on
    /// LayerNorm parameters — the split of Hugging Face's Trainer (`no_decay = ["bias",
    /// "LayerNorm.weight"]`), decided here by the owning module (a `LayerNorm`) and the name
    /// (`bias`) rather than by string matching.
    public func weightDecayGroups(weightDecay: Float) -> [ParameterGroup] {
        var decayed: [Tensor] = [], exempt: [Tensor] = []
        for (_, module) in namedModules {
            for (name, tensor) in module.ownParameters where tensor.requiresGrad {
                if module is LayerNorm || name == "bias" { exempt.append(tensor) } else { decayed.append(tensor) }
            }
        }
        return [ParameterGroup(parameters: decayed, weightDecay: weightDecay), ParameterGroup(parameters: exempt, weightDecay: 0)]
    }
}
