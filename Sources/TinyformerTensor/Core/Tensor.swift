import Synchronization
import TinyformerRandom

/// Creation counter: the autodiff graph runs nodes in reverse creation order, which is a valid
/// topological order because an op's inputs always exist before its output.
private let creationCounter = Atomic<UInt64>(0)

/// Largest element count a tensor may have (2³⁶ floats = 256 GiB): shapes past it are rejected
/// with an error instead of failing inside the allocator.
let maximumElementCount = 1 << 36

/// A contiguous, row-major Float32 tensor that records the operations applied to it for
/// reverse-mode automatic differentiation (like a `torch.Tensor` with `requires_grad`).
///
/// Tensors are reference types: ops return new tensors; `reshaped(_:)` returns a tensor that
/// shares storage. When any input of an op has `requiresGrad` and grad mode is on (see
/// `withNoGrad`), the output remembers how to send its gradient back; `backward()` on a scalar
/// loss then fills `grad` of every leaf with `requiresGrad`, accumulating across calls until
/// `zeroGrad()`.
public final class Tensor: @unchecked Sendable {
    /// Sizes of the dimensions, outermost first.
    public let shape: [Int]
    /// Number of elements (product of `shape`; 1 for a scalar of shape []).
    public let count: Int
    let storage: TensorStorage
    let creationIndex: UInt64

    /// Whether gradients flow to this tensor. Set it on leaves (parameters, inputs you want to
    /// differentiate); op outputs get it from their inputs.
    public var requiresGrad: Bool
    var gradStorage: TensorStorage?
    /// The buffer `zeroGrad()` took away, kept for the next first gradient (nil when another
    /// tensor still referenced it).
    private var retiredGradient: TensorStorage?
    var node: AutodiffNode?
    var graphReleased = false

    init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        self.shape = shape
        self.count = storage.count
        self.storage = storage
        self.requiresGrad = requiresGrad
        self.creationIndex = creationCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// An internal constructor for op outputs whose shape is already validated.
    init(uninitializedShape shape: [Int], zeroed: Bool = false) {
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = TensorStorage(count: count, zeroed: zeroed)
        self.requiresGrad = false
        self.creationIndex = creationCounter.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// An op output whose size can exceed its inputs' (matmul, bmm, attention, embedding, concat):
    /// an impossible size or a failed allocation throws instead of trapping.
    convenience init(outputShape shape: [Int], op: String) throws {
        let count = try Tensor.validatedCount(shape, op: op)
        self.init(shape: shape, storage: try TensorStorage.userAllocation(count, zeroed: false, op: op, shape: shape))
    }

    /// A tensor holding `scalars` in row-major order.
    /// - Throws: `TensorError.scalarCount` when `scalars.count` differs from the shape's size,
    ///   `TensorError.invalidShape` for a negative or too-large dimension.
    public convenience init(shape: [Int], scalars: [Float], requiresGrad: Bool = false) throws {
        let count = try Tensor.validatedCount(shape, op: "Tensor(shape:scalars:)")
        guard count == scalars.count else {
            throw TensorError.scalarCount(op: "Tensor(shape:scalars:)", shape: shape, count: scalars.count)
        }
        let storage = try TensorStorage.userAllocation(count, zeroed: false, op: "Tensor(shape:scalars:)", shape: shape)
        scalars.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { storage.base.update(from: s, count: count) }
        }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A scalar (shape []) tensor.
    public convenience init(_ value: Float, requiresGrad: Bool = false) {
        let storage = TensorStorage(count: 1, zeroed: false)
        storage.base.pointee = value
        self.init(shape: [], storage: storage, requiresGrad: requiresGrad)
    }

    /// A tensor of zeros (`torch.zeros`).
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
        let count = try validatedCount(shape, op: "Tensor.zeros")
        let storage = try TensorStorage.userAllocation(count, zeroed: true, op: "Tensor.zeros", shape: shape)
        return Tensor(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A tensor filled with `value` (`torch.full`).
    public static func full(_ shape: [Int], value: Float, requiresGrad: Bool = false) throws -> Tensor {
        let t = try zeros(shape, requiresGrad: requiresGrad)
        t.data.update(repeating: value, count: t.count)
        return t
    }

    /// Samples of U(low, high) drawn in row-major order from `generator`.
    public static func uniform(_ shape: [Int], low: Float, high: Float, requiresGrad: Bool = false,
                               using generator: inout SeededGenerator) throws -> Tensor {
        let t = try zeros(shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.data[i] = generator.uniform(low, high) }
        return t
    }

    /// Samples of N(mean, std²) drawn in row-major order from `generator` (`torch.randn`-like).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1, requiresGrad: Bool = false,
                              using generator: inout SeededGenerator) throws -> Tensor {
        let t = try zeros(shape, requiresGrad: requiresGrad)
        for i in 0..<t.count { t.data[i] = mean + std * Float(generator.nextNormal()) }
        return t
    }

    static func validatedCount(_ shape: [Int], op: String) throws -> Int {
        var count = 1
        for d in shape {
            guard d >= 0 else { throw TensorError.invalidShape(op: op, shape: shape, expected: "non-negative sizes") }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maximumElementCount else {
                throw TensorError.invalidShape(op: op, shape: shape, expected: "at most \(maximumElementCount) elements")
            }
            count = product
        }
        return count
    }

    /// Pointer to the first element; `count` contiguous row-major floats. Writing through it
    /// bypasses autodiff (use it for initialisation and optimizer updates).
    public var data: UnsafeMutablePointer<Float> { storage.base }

    /// A copy of the elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The single value of a one-element tensor (`tensor.item()`).
    public func item() throws -> Float {
        guard count == 1 else { throw TensorError.invalidShape(op: "item", shape: shape, expected: "exactly one element") }
        return data[0]
    }

    /// The accumulated gradient (same shape), or nil when nothing has flowed into it since the
    /// last `zeroGrad()`. Shares storage with the gradient buffer.
    public var grad: Tensor? {
        gradStorage.map { Tensor(shape: shape, storage: $0) }
    }

    /// `grad`'s memory, without creating a tensor: optimizers read every parameter's gradient
    /// every step.
    package var gradientData: UnsafeMutablePointer<Float>? { gradStorage?.base }

    /// Drops the accumulated gradient: `grad` is nil until the next backward pass, as with
    /// PyTorch's `set_to_none=True`. The buffer itself is kept for that pass to write into, unless
    /// a `grad` tensor taken earlier still shares it: a training step clears and refills the same
    /// parameters every time, and freeing and reallocating ~60 buffers a step (twice, with
    /// data-parallel replicas) cost 1–3 % of the h32/small epoch.
    public func zeroGrad() {
        guard var g = gradStorage else { return }
        gradStorage = nil
        if isKnownUniquelyReferenced(&g) { retiredGradient = g }
    }

    /// The gradient buffer, allocated as zeros on first use. Backward functions add into it.
    func gradientBuffer() -> UnsafeMutablePointer<Float> {
        if let g = gradStorage { return g.base }
        let g = newGradientBuffer()
        Parallel.elementwise(count) { range in (g + range.lowerBound).update(repeating: 0, count: range.count) }
        return g
    }

    /// The gradient buffer for a backward function that can either add into it or, when no
    /// gradient has arrived yet (`overwrite`), write every element (a GEMM with beta = 0, a copy)
    /// — what PyTorch does for a first gradient, saving the zero-fill and a read.
    func gradientDestination() -> (pointer: UnsafeMutablePointer<Float>, overwrite: Bool) {
        if let g = gradStorage { return (g.base, false) }
        return (newGradientBuffer(), true)
    }

    /// A first gradient buffer, its contents undefined: the retired one when there is one,
    /// else a new allocation.
    private func newGradientBuffer() -> UnsafeMutablePointer<Float> {
        let g = retiredGradient ?? TensorStorage(count: count, zeroed: false)
        retiredGradient = nil
        gradStorage = g
        return g.base
    }

    /// grad += g (count floats), or grad = g when none has arrived yet; nothing without
    /// `requiresGrad`. For an identity Jacobian whose output gradient is still being read (a
    /// fused residual, a block of a stacked gradient), where `adoptGradient` cannot apply.
    func receiveGradient(_ g: UnsafePointer<Float>) {
        guard requiresGrad else { return }
        let (destination, overwrite) = gradientDestination()
        if overwrite { destination.update(from: g, count: count) } else { accumulate(g, into: destination, count: count) }
    }

    /// Takes `storage` (an op output's finished gradient, same size) as this tensor's gradient
    /// when none has arrived yet, instead of copying it; false (nothing done) otherwise. Only for
    /// an identity Jacobian, and the output's gradient must not be written again (it is not: a
    /// node's output gradient is complete when its backward runs and is dropped after).
    func adoptGradient(_ storage: TensorStorage) -> Bool {
        guard gradStorage == nil, storage.count == count else { return false }
        gradStorage = storage
        retiredGradient = nil
        return true
    }

    /// A tensor sharing this one's storage that is cut off from the autodiff graph
    /// (`tensor.detach()`).
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// An independent copy of the values, cut off from the graph (`tensor.detach().clone()`).
    public func copy() -> Tensor {
        let t = Tensor(uninitializedShape: shape)
        t.data.update(from: data, count: count)
        return t
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
    }
}

extension TensorStorage {
    /// An allocation whose size a caller chose: failure throws instead of trapping.
    static func userAllocation(_ count: Int, zeroed: Bool, op: String, shape: [Int]) throws -> TensorStorage {
        guard let storage = TensorStorage(allocating: count, zeroed: zeroed) else {
            throw TensorError.invalidArgument(op: op, message: "cannot allocate \(count) floats for shape \(shape) (out of memory)")
        }
        return storage
    }
}
