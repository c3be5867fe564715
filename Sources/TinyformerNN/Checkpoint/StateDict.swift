import Foundation
import TinyformerIO
import TinyformerTensor

extension Tensor {
    /// The values as a safetensors entry (shape + Float32 scalars).
    public var safeTensorsEntry: SafeTensorsEntry { SafeTensorsEntry(shape: shape, scalars: scalars) }

    /// A tensor holding a safetensors entry's values.
    public convenience init(_ entry: SafeTensorsEntry, requiresGrad: Bool = false) throws {
        try self.init(shape: entry.shape, scalars: entry.scalars, requiresGrad: requiresGrad)
    }
}

extension Module {
    /// Parameter name → values (`model.state_dict()`), ready for `SafeTensorsFile.write`.
    public func stateDict() -> [String: SafeTensorsEntry] {
        Dictionary(namedParameters.map { ($0.name, $0.tensor.safeTensorsEntry) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes every parameter to a safetensors file atomically (temp file + rename). The file
    /// loads in Python with `safetensors.torch.load_file` and, for matching names, with
    /// `model.load_state_dict`.
    public func save(to url: URL, metadata: [String: String]? = nil) throws {
        try SafeTensorsFile.write(stateDict(), metadata: metadata, to: url)
    }

    /// Copies values from `file` into the parameters, through `mapping` (by default: by name).
    ///
    /// Nothing is modified unless the whole load succeeds: names and shapes are checked from the
    /// header first, then values, and only then is each tensor decoded straight into its
    /// parameter's memory, so an F16/BF16 file is converted tensor by tensor, never as a whole.
    /// The value check scans the file's bytes in place; only tensors whose transform changes
    /// values (e.g. `.transposed`) are decoded into a temporary buffer each, kept until the commit.
    /// - Parameters:
    ///   - mapping: file tensor name → parameter name (or skip), with optional per-tensor
    ///     transforms; e.g. `.strippingPrefix("bert.")` for a Hugging Face file.
    ///   - strict: when true (the default, like `load_state_dict(strict=True)`), every parameter
    ///     must receive a tensor and every tensor the mapping does not skip must have a parameter;
    ///     otherwise unexpected tensors are ignored and missing parameters keep their values.
    ///     Mis-shaped tensors, and several tensors mapped onto one parameter, are rejected either way.
    ///   - allowNonFinite: when false (the default), a NaN or ±inf in any loaded value is rejected.
    /// - Throws: `ModuleError.checkpoint(.mismatch)` listing every missing, unexpected, mis-shaped
    ///   and ambiguous name at once; `ModuleError.checkpoint(.nonFiniteValue)` naming the tensor
    ///   and the first bad index.
    public func load(
        from file: SafeTensorsFile, mapping: CheckpointMapping = .identity, strict: Bool = true,
        allowNonFinite: Bool = false
    ) throws {
        var load = try CheckpointLoad(file: file, parameters: namedParameters, mapping: mapping, strict: strict)
        if !allowNonFinite { try load.checkFinite() }
        try load.commit()
    }

    /// Maps a safetensors file and loads it (see `load(from:mapping:strict:allowNonFinite:)`).
    /// - Throws: `SafeTensorsError` when the file cannot be read or is malformed, else as `load(from:…)`.
    public func load(
        contentsOf url: URL, mapping: CheckpointMapping = .identity, strict: Bool = true, allowNonFinite: Bool = false
    ) throws {
        try load(from: SafeTensorsFile(contentsOf: url), mapping: mapping, strict: strict, allowNonFinite: allowNonFinite)
    }
}
