import TinyformerTensor

/// A module that can make replicas for data parallelism (`DataParallel`).
public protocol Replicable: Module {
    /// A module computing the same function whose parameters share this one's storage (so an
    /// optimizer's in-place update of either is seen by both) but accumulate gradients of their
    /// own; any other mutable state (caches, generators) is the replica's own. Same
    /// `namedParameters` names and order.
    func replica() -> Self
}

extension Tensor {
    /// A new leaf sharing this parameter's values, with a gradient of its own.
    func parameterReplica() -> Tensor {
        let alias = detached()
        alias.requiresGrad = requiresGrad
        return alias
    }
}
