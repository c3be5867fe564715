// Mapping a checkpoint's tensor names (and layouts) onto a module's parameters, for files written
// by other code: Hugging Face prefixes (`bert.`), buffers to skip (`embeddings.position_ids`),
// renamed layers, convolution weights that load into linear layers.

/// How the tensors of a checkpoint file map onto a module's parameters: for each tensor name in
/// the file, the parameter it loads into (or nil to skip the tensor) and an optional
/// `CheckpointTransform` applied to its values on the way. Used by
/// `Module.load(from:mapping:strict:allowNonFinite:)`.
///
/// Mappings compose left to right with `then`: each stage sees the name the previous one produced.
///
/// ```swift
/// // A Hugging Face BERT file into a module whose names lack the `bert.` prefix:
/// let mapping = CheckpointMapping.strippingPrefix("bert.")
///     .then(.skipping { $0.hasSuffix("position_ids") })
///     .then(.renaming(["embeddings.LayerNorm.weight": "embeddings.norm.weight"]))
/// try model.load(from: SafeTensorsFile(contentsOf: url), mapping: mapping)
/// ```
public struct CheckpointMapping: Sendable {
    /// The name a tensor arriving at this mapping continues with, or nil to skip the tensor
    /// (it is then neither loaded nor reported as unexpected).
    public var rename: @Sendable (String) -> String?
    /// The transform for a tensor, chosen by the name arriving at this mapping (before `rename`);
    /// nil leaves the values as stored.
    public var transform: @Sendable (String) -> CheckpointTransform?

    /// A mapping from two hooks (by default: keep every name, transform nothing).
    public init(
        rename: @escaping @Sendable (String) -> String? = { $0 },
        transform: @escaping @Sendable (String) -> CheckpointTransform? = { _ in nil }
    ) {
        self.rename = rename
        self.transform = transform
    }

    /// Every tensor loads into the parameter of the same name, unchanged.
    public static let identity = CheckpointMapping()

    /// Removes `prefix` from names that start with it; other names pass unchanged.
    public static func strippingPrefix(_ prefix: String) -> CheckpointMapping {
        CheckpointMapping(rename: { name in name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name })
    }

    /// Puts `prefix` in front of every name.
    public static func addingPrefix(_ prefix: String) -> CheckpointMapping {
        CheckpointMapping(rename: { prefix + $0 })
    }

    /// Skips the tensors with these names.
    public static func skipping(_ names: Set<String>) -> CheckpointMapping {
        skipping { names.contains($0) }
    }

    /// Skips the tensors whose name satisfies `predicate`.
    public static func skipping(where predicate: @escaping @Sendable (String) -> Bool) -> CheckpointMapping {
        CheckpointMapping(rename: { predicate($0) ? nil : $0 })
    }

    /// Renames the keys of `names` to their values; other names pass unchanged.
    public static func renaming(_ names: [String: String]) -> CheckpointMapping {
        CheckpointMapping(rename: { names[$0] ?? $0 })
    }

    /// Applies `transforms[name]` to the tensors named in it; names pass unchanged.
    public static func transforming(_ transforms: [String: CheckpointTransform]) -> CheckpointMapping {
        CheckpointMapping(transform: { transforms[$0] })
    }

    /// Applies `transform` to every tensor whose name satisfies `predicate`; names pass unchanged.
    public static func transforming(
        where predicate: @escaping @Sendable (String) -> Bool, with transform: CheckpointTransform
    ) -> CheckpointMapping {
        CheckpointMapping(transform: { predicate($0) ? transform : nil })
    }

    /// This mapping, then `next` on the names it produces (a tensor either skips is skipped;
    /// transforms run in the same order).
    public func then(_ next: CheckpointMapping) -> CheckpointMapping {
        CheckpointMapping(
            rename: { name in rename(name).flatMap(next.rename) },
            transform: { name in
                let first = transform(name)
                guard let middle = rename(name), let second = next.transform(middle) else { return first }
                return first.map { $0.then(second) } ?? second
            })
    }

    /// Where the file tensor `name` goes: the parameter name and the transform (nil: none), or
    /// nil when the tensor is skipped.
    public func resolve(_ name: String) -> (parameter: String, transform: CheckpointTransform?)? {
        guard let parameter = rename(name) else { return nil }
        return (parameter, transform(name))
    }
}
