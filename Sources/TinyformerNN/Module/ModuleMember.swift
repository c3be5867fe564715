import TinyformerTensor

/// One entry of a module's `members` list: a parameter or a child module (optional, or a list
/// named `<name>.0`, `<name>.1`, …), with its name and the key path that reaches it. The entry
/// knows how to list the member's parameters and modules and how to replace it in a replica;
/// the `Module` extensions walk these entries and nothing else.
// Immutable: a name and closures over key paths, which are immutable values (not declared
// `Sendable` by the standard library), so `members` lists can be static constants.
public struct ModuleMember<Root: Module>: @unchecked Sendable {
    /// The member's name: one component of the dotted names (it may itself contain dots, e.g.
    /// `decoder.output`, to keep a checkpoint layout flat).
    public let name: String
    /// The parameter, for a parameter member (nil when a configuration leaves it out).
    let parameter: ((Root) -> Tensor?)?
    /// The direct child modules with their names, for a module member.
    let modules: (Root) -> [(name: String, module: any Module)]
    /// Puts a replica of the member of `original` into `copy`.
    let replicate: (_ original: Root, _ copy: Root) -> Void

    /// A parameter (requires grad, updated by optimizers, saved in the state dict).
    public static func parameter(_ name: String, _ path: ReferenceWritableKeyPath<Root, Tensor>) -> ModuleMember {
        ModuleMember(name: name, parameter: { $0[keyPath: path] }, modules: { _ in [] },
                     replicate: { original, copy in copy[keyPath: path] = original[keyPath: path].parameterReplica() })
    }

    /// A parameter that a configuration may leave out (a Linear without bias).
    public static func parameter(_ name: String, _ path: ReferenceWritableKeyPath<Root, Tensor?>) -> ModuleMember {
        ModuleMember(name: name, parameter: { $0[keyPath: path] }, modules: { _ in [] },
                     replicate: { original, copy in copy[keyPath: path] = original[keyPath: path]?.parameterReplica() })
    }

    /// A child module; its parameters are named `<name>.<its names>`.
    public static func module<Child: Module>(_ name: String, _ path: ReferenceWritableKeyPath<Root, Child>) -> ModuleMember {
        ModuleMember(name: name, parameter: nil, modules: { [(name, $0[keyPath: path])] },
                     replicate: { original, copy in copy[keyPath: path] = original[keyPath: path].replica() })
    }

    /// A child module that a configuration may leave out (a LayerNorm of a pre-LN block).
    public static func module<Child: Module>(_ name: String, _ path: ReferenceWritableKeyPath<Root, Child?>) -> ModuleMember {
        ModuleMember(name: name, parameter: nil, modules: { root in root[keyPath: path].map { [(name, $0)] } ?? [] },
                     replicate: { original, copy in copy[keyPath: path] = original[keyPath: path]?.replica() })
    }

    /// A list of child modules (the layers of a stack), named `<name>.0`, `<name>.1`, ….
    public static func modules<Child: Module>(_ name: String, _ path: ReferenceWritableKeyPath<Root, [Child]>) -> ModuleMember {
        ModuleMember(name: name, parameter: nil,
                     modules: { root in root[keyPath: path].enumerated().map { ("\(name).\($0.offset)", $0.element) } },
                     replicate: { original, copy in copy[keyPath: path] = original[keyPath: path].map { $0.replica() } })
    }
}

extension Tensor {
    /// A new leaf sharing this parameter's values, with a gradient of its own.
    func parameterReplica() -> Tensor {
        let alias = detached()
        alias.requiresGrad = requiresGrad
        return alias
    }
}
