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

    /// Copies values from `file` into the parameters, by name.
    /// - Parameter strict: when true (the default, like `load_state_dict(strict=True)`), every
    ///   parameter must be present and no other tensor may be; otherwise extra tensors are
    ///   ignored and missing parameters keep their values.
    /// - Throws: `ModuleError` naming the file and the tensor: missing, unexpected, or of the
    ///   wrong shape. Nothing is modified unless every check passes.
    public func load(from file: SafeTensorsFile, strict: Bool = true) throws {
        let parameters = namedParameters
        var updates: [(Tensor, SafeTensorsEntry)] = []
        for (name, tensor) in parameters {
            guard let entry = file.tensors[name] else {
                if strict { throw ModuleError.missingParameter(name: name, source: file.source) }
                continue
            }
            guard entry.shape == tensor.shape else {
                throw ModuleError.parameterShape(name: name, expected: tensor.shape, found: entry.shape, source: file.source)
            }
            updates.append((tensor, entry))
        }
        if strict {
            let known = Set(parameters.map(\.name))
            if let extra = file.names.first(where: { !known.contains($0) }) {
                throw ModuleError.unexpectedParameter(name: extra, source: file.source)
            }
        }
        for (tensor, entry) in updates {
            entry.scalars.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { tensor.data.update(from: base, count: tensor.count) }
            }
        }
    }

    /// Reads a safetensors file and loads it (see `load(from:strict:)`).
    public func load(contentsOf url: URL, strict: Bool = true) throws {
        try load(from: SafeTensorsFile(contentsOf: url), strict: strict)
    }
}
