import TinyformerIO
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
    /// Applies one update using `factor` times the current gradients (gradient clipping's
    /// factor, `gradientClipFactor`): the update `clipGradientNorm` followed by `step()` makes.
    /// Whether the gradients themselves are left scaled is up to the optimizer.
    func step(scalingGradientsBy factor: Float)
    /// The optimizer's internal state (moments, momentum buffers, step count) under PyTorch-like
    /// names `state.<parameter index>.<buffer>`, for checkpoints that resume exactly.
    func stateEntries() -> [String: SafeTensorsEntry]
    /// Restores what `stateEntries()` returned. Throws `ModuleError` naming `source` and the
    /// entry when a shape does not match the parameters; nothing changes unless all checks pass.
    func loadState(_ entries: [String: SafeTensorsEntry], source: String) throws
}

extension Optimizer {
    /// Clears the gradients of every parameter.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Scales the gradients in place, then steps (optimizers without a fused update).
    public func step(scalingGradientsBy factor: Float) {
        if factor != 1 { scaleGradients(parameters, by: factor) }
        step()
    }
}

/// Buffers of optimizer state, one per parameter, allocated on first use (zeros). The memory of a
/// buffer never moves, so an update can hand pointers to several buffers to the worker pool.
struct StateBuffers {
    private var buffers: [StateBuffer?]

    init(count: Int) { buffers = Array(repeating: nil, count: count) }

    /// The buffer of parameter `index` (`size` floats), allocated as zeros on first use.
    mutating func pointer(_ index: Int, size: Int) -> UnsafeMutablePointer<Float> {
        if let buffer = buffers[index] { return buffer.pointer }
        let buffer = StateBuffer(scalars: [Float](repeating: 0, count: size))
        buffers[index] = buffer
        return buffer.pointer
    }

    mutating func with<R>(_ index: Int, size: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        body(pointer(index, size: size))
    }

    func isAllocated(_ index: Int) -> Bool { buffers[index] != nil }

    /// Allocated buffers as `state.<index>.<name>` entries shaped like their parameters.
    func entries(named name: String, parameters: [Tensor]) -> [String: SafeTensorsEntry] {
        var result: [String: SafeTensorsEntry] = [:]
        for (index, buffer) in buffers.enumerated() {
            guard let buffer else { continue }
            result["state.\(index).\(name)"] = SafeTensorsEntry(shape: parameters[index].shape, scalars: buffer.scalars)
        }
        return result
    }

    /// The buffers `entries(named:parameters:)` describes, validated against the parameters.
    static func restored(named name: String, parameters: [Tensor], from entries: [String: SafeTensorsEntry],
                         source: String) throws -> StateBuffers {
        var restored = StateBuffers(count: parameters.count)
        for (index, parameter) in parameters.enumerated() {
            let key = "state.\(index).\(name)"
            guard let entry = entries[key] else { continue }
            guard entry.shape == parameter.shape else {
                throw ModuleError.parameterShape(name: key, expected: parameter.shape, found: entry.shape, source: source)
            }
            restored.buffers[index] = StateBuffer(scalars: entry.scalars)
        }
        return restored
    }
}

/// One parameter's optimizer state: a fixed heap buffer of floats.
private final class StateBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(scalars: [Float]) {
        count = scalars.count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(from: scalars, count: count)
    }

    var scalars: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    deinit { pointer.deallocate() }
}
