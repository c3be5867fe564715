import TinyformerTensor

/// A named parameter: Hugging Face-style dotted name and the tensor it refers to.
public typealias NamedParameter = (name: String, tensor: Tensor)

/// A layer or model (`torch.nn.Module`), listing its parameters and child modules once,
/// explicitly (no reflection), in `members`. Everything else derives from that one list:
///
/// - dotted parameter names (`encoder.layers.0.self_attention.query.weight`) and the state dict
///   (`namedParameters`, `stateDict()`, `save`, `load`), in member order;
/// - `replica()` for data parallelism: the same function, parameters sharing this module's
///   storage but with gradients of their own (every listed parameter and child is replicated,
///   so no two replicas can write one gradient buffer);
/// - `zeroGrad()`, `parameterCount`, `train()`/`eval()` (every module's `isTraining`),
///   `freeze()`/`unfreeze()` (the parameters' `requiresGrad`).
///
/// A conforming type is a `final class` whose members are `var`s settable inside the type
/// (`public private(set) var`), so that key paths formed in the type can write them:
///
///     public final class Linear: Module {
///         public private(set) var weight: Tensor  // (O, I)
///         public private(set) var bias: Tensor?   // (O)
///         public var isTraining = true
///         public static let members: [ModuleMember<Linear>] = [.parameter("weight", \.weight), .parameter("bias", \.bias)]
///         public func memberwiseCopy() -> Linear { … }
///     }
public protocol Module: AnyObject {
    /// The module's parameters and children with their names, in a fixed order: the one list
    /// from which names, replicas, loading, modes and freezing derive.
    static var members: [ModuleMember<Self>] { get }

    /// A new module of this type whose stored properties equal this one's — the members still
    /// the same objects (`replica()` replaces each afterwards) — with its own copy of any other
    /// mutable state (a random generator, a cache).
    func memberwiseCopy() -> Self

    /// Training mode (`module.training`): dropout is active only in training mode. Set for a
    /// whole tree with `train()` and `eval()`. New modules start in training mode, as in PyTorch.
    var isTraining: Bool { get set }
}

/// Errors from layers and optimizers (parameter lookups, state loading, configuration).
public enum ModuleError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingParameter(name: String, source: String)
    case unexpectedParameter(name: String, source: String)
    case parameterShape(name: String, expected: [Int], found: [Int], source: String)
    case invalidConfiguration(String)
    /// A checkpoint that does not load (see `CheckpointError`); nothing was modified.
    case checkpoint(CheckpointError)
    /// Two members of one module tree resolve to the same dotted name, or a replica would share
    /// a parameter tensor with its original.
    case inconsistentMembers(String)

    public var description: String {
        switch self {
        case let .missingParameter(name, source): return "\(source): parameter '\(name)' is missing"
        case let .unexpectedParameter(name, source): return "\(source): unexpected tensor '\(name)' (no such parameter)"
        case let .parameterShape(name, expected, found, source):
            return "\(source): parameter '\(name)' has shape \(found), expected \(expected)"
        case let .invalidConfiguration(message): return message
        case let .checkpoint(error): return error.description
        case let .inconsistentMembers(message): return message
        }
    }
}
