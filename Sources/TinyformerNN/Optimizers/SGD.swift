import TinyformerIO
import TinyformerTensor

/// Stochastic gradient descent with optional heavy-ball momentum, dampening, Nesterov and L2
/// weight decay, exactly as `torch.optim.SGD`:
///   g ← g + λ·p;  b ← μ·b + (1 − τ)·g (b = g on the first step);  g ← g + μ·b (Nesterov) or b;
///   p ← p − lr·g.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let parameters: [Tensor]
    public let momentum: Float
    public let dampening: Float
    public let weightDecay: Float
    public let nesterov: Bool
    private var momentumBuffers: StateBuffers

    public init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) throws {
        guard learningRate >= 0, momentum >= 0, weightDecay >= 0 else {
            throw ModuleError.invalidConfiguration("SGD: learning rate, momentum and weight decay must be ≥ 0")
        }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw ModuleError.invalidConfiguration("SGD: Nesterov momentum requires momentum > 0 and zero dampening")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        momentumBuffers = StateBuffers(count: parameters.count)
    }

    public func step() {
        for (index, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let n = p.count, w = p.data, g = grad.data
            let firstStep = !momentumBuffers.isAllocated(index)
            momentumBuffers.with(index, size: n) { buffer in
                for i in 0..<n {
                    var d = g[i]
                    if weightDecay != 0 { d += weightDecay * w[i] }
                    if momentum != 0 {
                        buffer[i] = firstStep ? d : momentum * buffer[i] + (1 - dampening) * d
                        d = nesterov ? d + momentum * buffer[i] : buffer[i]
                    }
                    w[i] -= learningRate * d
                }
            }
        }
    }

    public func stateEntries() -> [String: SafeTensorsEntry] {
        momentumBuffers.entries(named: "momentum_buffer", parameters: parameters)
    }

    public func loadState(_ entries: [String: SafeTensorsEntry], source: String) throws {
        momentumBuffers = try StateBuffers.restored(named: "momentum_buffer", parameters: parameters, from: entries, source: source)
    }
}
