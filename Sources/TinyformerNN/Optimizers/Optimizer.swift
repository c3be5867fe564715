import TinyformerTensor

/// An optimizer that updates a fixed list of parameters in place from their gradients.
/// Parameters without a gradient (nothing flowed into them) are skipped, as in PyTorch.
public protocol Optimizer: AnyObject {
    /// The learning rate used by the next `step()`; schedules set it.
    var learningRate: Float { get set }
    /// The parameters this optimizer updates.
    var parameters: [Tensor] { get }
    /// Applies one update using the current gradients.
    func step()
}

extension Optimizer {
    /// Clears the gradients of every parameter.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Buffers of optimizer state, one per parameter, allocated on first use (zeros).
struct StateBuffers {
    private var buffers: [[Float]?]

    init(count: Int) { buffers = Array(repeating: nil, count: count) }

    mutating func with<R>(_ index: Int, size: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        if buffers[index] == nil { buffers[index] = [Float](repeating: 0, count: size) }
        return buffers[index]!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    func isAllocated(_ index: Int) -> Bool { buffers[index] != nil }
}
