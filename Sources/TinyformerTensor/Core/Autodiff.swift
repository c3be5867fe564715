/// Grad mode: when disabled, ops record nothing and outputs never require gradients.
public enum GradMode {
    /// Whether ops currently record the autodiff graph (task-local; defaults to true).
    @TaskLocal public static var isEnabled: Bool = true
}

/// Runs `body` with gradient recording off (`with torch.no_grad():`): nothing is saved for a
/// backward pass, so inference allocates only its outputs.
public func withNoGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

/// One recorded op: its inputs and the function that sends the output's gradient back into them.
final class AutodiffNode {
    var inputs: [Tensor]
    var backward: (Tensor) -> Void

    init(inputs: [Tensor], backward: @escaping (Tensor) -> Void) {
        self.inputs = inputs
        self.backward = backward
    }

    /// Releases the graph below this node in a loop. Left to ARC, freeing a chain of n ops
    /// (e.g. `total = total + loss` over many steps without `backward()`) nests n deinit calls
    /// and overflows the stack; here every input this node was the last owner of hands its own
    /// inputs to a local worklist before it is freed.
    deinit {
        backward = { _ in }  // drop the closure's references to saved tensors first
        var worklist = inputs
        inputs = []
        while var tensor = worklist.popLast() {
            guard isKnownUniquelyReferenced(&tensor), let node = tensor.node else { continue }
            node.backward = { _ in }
            worklist.append(contentsOf: node.inputs)
            node.inputs = []
        }
    }
}

extension Tensor {
    /// True when an op with these inputs must record a backward function.
    @inline(__always)
    static func needsGraph(_ inputs: [Tensor]) -> Bool {
        guard GradMode.isEnabled else { return false }
        for t in inputs where t.requiresGrad { return true }
        return false
    }

    /// Attaches `backward` to this op output when any input requires grad. The closure receives
    /// the output (whose gradient buffer is set) and must *accumulate* into the inputs'
    /// gradients, skipping inputs that do not require grad. It must not capture the output.
    func record(_ inputs: [Tensor], backward: @escaping (Tensor) -> Void) {
        guard Tensor.needsGraph(inputs) else { return }
        requiresGrad = true
        node = AutodiffNode(inputs: inputs, backward: backward)
    }

    /// Records the backward of an op whose output gradient passes to `input` unchanged
    /// (identity Jacobian: reshape, adding a constant): input.grad += output.grad.
    func recordIdentityBackward(from input: Tensor) {
        record([input]) { out in
            guard let g = out.gradStorage, !input.adoptGradient(g) else { return }
            accumulate(g.base, into: input.gradientBuffer(), count: input.count)
        }
    }

    /// Reverse-mode differentiation of a scalar (one-element) tensor: adds ∂self/∂x into
    /// `x.grad` for every leaf x with `requiresGrad` (`loss.backward()`).
    ///
    /// Nodes run in reverse creation order in a plain loop (no recursion, so deep graphs cannot
    /// overflow the stack). Each node's saved tensors and intermediate gradients are released as
    /// soon as it has run, so the graph can be walked only once.
    public func backward() throws {
        guard count == 1 else {
            throw TensorError.notDifferentiable("backward() needs a one-element tensor, got shape \(shape); use backward(gradient:)")
        }
        try backward(seed: nil)
    }

    /// Vector–Jacobian product: like `backward()` with the output gradient given explicitly
    /// (`tensor.backward(gradient)`); `gradient` must have this tensor's shape.
    public func backward(gradient: Tensor) throws {
        guard gradient.shape == shape else {
            throw TensorError.shapeMismatch(op: "backward(gradient:)", lhs: shape, rhs: gradient.shape, expected: "gradient shaped like the tensor")
        }
        try backward(seed: gradient)
    }

    private func backward(seed: Tensor?) throws {
        guard !graphReleased else {
            throw TensorError.notDifferentiable("this graph was already walked by an earlier backward(); recompute the forward pass")
        }
        guard requiresGrad else {
            throw TensorError.notDifferentiable("the tensor does not require grad (no input requires grad, or it was computed inside withNoGrad)")
        }
        // Collect the nodes reachable from self with an explicit stack.
        var order: [Tensor] = []
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var stack: [Tensor] = [self]
        while let t = stack.popLast() {
            guard let node = t.node else { continue }
            order.append(t)
            for input in node.inputs where input.requiresGrad && seen.insert(ObjectIdentifier(input)).inserted {
                stack.append(input)
            }
        }
        order.sort { $0.creationIndex > $1.creationIndex }

        let g = gradientBuffer()
        if let seed {
            for i in 0..<count { g[i] += seed.data[i] }
        } else {
            g[0] += 1
        }
        for t in order {
            guard let node = t.node else { continue }
            if t.gradStorage != nil { node.backward(t) }
            t.node = nil
            t.graphReleased = true
            t.gradStorage = nil
        }
    }
}
