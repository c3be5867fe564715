import TinyformerRandom
import TinyformerTensor

// What every module derives from its `members` list: names, children, parameters, replicas,
// gradients, modes and freezing.

extension Module {
    /// Every parameter of this module and its descendants with its dotted name, in member order
    /// (`module.named_parameters()`): the state dict's names and the order optimizers see.
    public var namedParameters: [NamedParameter] {
        var list: [NamedParameter] = []
        appendNamedParameters(prefix: "", into: &list)
        return list
    }

    /// The parameter tensors in `namedParameters` order.
    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// The parameters that currently receive gradients (not frozen): what an optimizer updates.
    public var trainableParameters: [Tensor] { parameters.filter(\.requiresGrad) }

    /// Total number of scalars over all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// This module's own parameters (not its children's), with their local names.
    public var ownParameters: [NamedParameter] {
        Self.members.compactMap { member in member.parameter?(self).map { (member.name, $0) } }
    }

    /// The direct children with their member names (`module.named_children()`); a list member
    /// contributes `<name>.0`, `<name>.1`, ….
    public var children: [(name: String, module: any Module)] {
        Self.members.flatMap { $0.modules(self) }
    }

    /// This module (name "") and every descendant with its dotted name, depth first in member
    /// order (`module.named_modules()`).
    public var namedModules: [(name: String, module: any Module)] {
        var list: [(name: String, module: any Module)] = []
        appendNamedModules(name: "", into: &list)
        return list
    }

    /// The parameter called `name`.
    /// - Throws: `ModuleError.missingParameter` naming the module type.
    public func parameter(named name: String) throws -> Tensor {
        guard let p = namedParameters.first(where: { $0.name == name }) else {
            throw ModuleError.missingParameter(name: name, source: String(describing: type(of: self)))
        }
        return p.tensor
    }

    /// A module computing the same function whose parameters share this one's storage (an
    /// optimizer's in-place update of either is seen by both) but accumulate gradients of their
    /// own, with its own copies of other mutable state (dropout generators): for `DataParallel`.
    /// Same names, order and mode; frozen parameters stay frozen.
    public func replica() -> Self {
        let copy = memberwiseCopy()
        for member in Self.members { member.replicate(self, copy) }
        return copy
    }

    /// Clears every parameter's gradient (`module.zero_grad()`).
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Sets training mode on this module and every descendant (`module.train(mode)`); returns
    /// self. Dropout is active only in training mode.
    @discardableResult
    public func train(_ training: Bool = true) -> Self {
        for (_, module) in namedModules { module.isTraining = training }
        return self
    }

    /// Evaluation mode (`module.eval()`): `train(false)`.
    @discardableResult
    public func eval() -> Self { train(false) }

    /// Stops gradients into every parameter of this module and its descendants
    /// (`requires_grad_(False)`): a frozen module records no backward pass of its own, its
    /// parameters get no gradient, and optimizers keep no state for them. Returns self.
    @discardableResult
    public func freeze() -> Self {
        for p in parameters { p.requiresGrad = false; p.zeroGrad() }
        return self
    }

    /// Lets gradients into every parameter again (`requires_grad_(True)`). Returns self.
    @discardableResult
    public func unfreeze() -> Self {
        for p in parameters { p.requiresGrad = true }
        return self
    }

    /// Whether every parameter is frozen (true for a module without parameters).
    public var isFrozen: Bool { parameters.allSatisfy { !$0.requiresGrad } }

    /// Checks that the dotted names are unique, so a state dict can hold every parameter.
    /// - Throws: `ModuleError.inconsistentMembers` naming the first repeated name.
    public func validateMembers() throws {
        var seen = Set<String>()
        for (name, _) in namedParameters where !seen.insert(name).inserted {
            throw ModuleError.inconsistentMembers("\(type(of: self)): two parameters are named '\(name)'")
        }
    }

    func appendNamedParameters(prefix: String, into list: inout [NamedParameter]) {
        for member in Self.members {
            if let parameter = member.parameter {
                if let tensor = parameter(self) { list.append((prefix + member.name, tensor)) }
            } else {
                for (name, child) in member.modules(self) { child.appendNamedParameters(prefix: prefix + name + ".", into: &list) }
            }
        }
    }

    func appendNamedModules(name: String, into list: inout [(name: String, module: any Module)]) {
        list.append((name, self))
        let prefix = name.isEmpty ? "" : name + "."
        for (childName, child) in children { child.appendNamedModules(name: prefix + childName, into: &list) }
    }
}
