import TinyformerTensor

/// Errors from layers and optimizers (parameter lookups, state loading, configuration).
public enum ModuleError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingParameter(name: String, source: String)
    case unexpectedParameter(name: String, source: String)
    case parameterShape(name: String, expected: [Int], found: [Int], source: String)
    case invalidConfiguration(String)
    /// A checkpoint that does not load (see `CheckpointError`); nothing was modified.
    case checkpoint(CheckpointError)

    public var description: String {
        switch self {
        case let .missingParameter(name, source): return "\(source): parameter '\(name)' is missing"
        case let .unexpectedParameter(name, source): return "\(source): unexpected tensor '\(name)' (no such parameter)"
        case let .parameterShape(name, expected, found, source):
            return "\(source): parameter '\(name)' has shape \(found), expected \(expected)"
        case let .invalidConfiguration(message): return message
        case let .checkpoint(error): return error.description
        }
    }
}

/// A named parameter: Hugging Face-style dotted name and the tensor it refers to.
public typealias NamedParameter = (name: String, tensor: Tensor)

/// A layer or model that lists its trainable parameters explicitly, with dotted names such as
/// `encoder.layers.0.attention.query.weight` (no reflection): the list is the module's state
/// dict, in a fixed order, and what optimizers update.
public protocol Module: AnyObject {
    /// Every parameter with its dotted name, in a fixed order.
    var namedParameters: [NamedParameter] { get }
}

extension Module {
    /// The parameter tensors in `namedParameters` order.
    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// Total number of scalars over all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// The parameter called `name`.
    public func parameter(named name: String) throws -> Tensor {
        guard let p = namedParameters.first(where: { $0.name == name }) else {
            throw ModuleError.missingParameter(name: name, source: String(describing: type(of: self)))
        }
        return p.tensor
    }
}

/// Prefixes a child module's parameter names: `prefixed("encoder.layers.0", child)`.
public func prefixed(_ prefix: String, _ module: Module) -> [NamedParameter] {
    module.namedParameters.map { (name: "\(prefix).\($0.name)", tensor: $0.tensor) }
}
