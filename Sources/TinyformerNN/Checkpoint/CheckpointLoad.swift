// Loading a safetensors file into named parameters through a `CheckpointMapping`, all or nothing.
import TinyformerIO
import TinyformerTensor

/// One load of a checkpoint into parameters, in three passes so that a failing load changes nothing:
///
/// 1. `init` — names and shapes only (the header; no tensor data is read): maps every file tensor,
///    collects every missing, unexpected, mis-shaped and ambiguous name into one
///    `CheckpointMismatch`.
/// 2. `checkFinite` — values, still without touching a parameter: a tensor loaded as stored (or
///    only reshaped) is scanned for NaN/±inf in the file's own bytes (no copy, no allocation); a
///    tensor whose transform changes values is decoded and transformed into a staging buffer,
///    which is scanned and kept for pass 3. Extra memory is therefore the value-transformed
///    tensors only (and nothing when non-finite values are allowed).
/// 3. `commit` — decodes each tensor straight into its parameter's memory (`Tensor.data`), or
///    copies the staged values. F16/BF16 files are converted tensor by tensor, never as a whole.
struct CheckpointLoad {
    /// A file tensor and the parameter(s) it loads into.
    private struct Item {
        let tensor: String
        let parameter: String
        /// Every parameter listed under the name (usually one).
        let targets: [Tensor]
        /// nil when the values load as stored (no transform, or reshapes only).
        let valueTransform: CheckpointTransform?
        /// The shapes through the transform, from the stored shape to the parameter's.
        let shapes: [[Int]]
        /// The transformed values, when pass 2 computed them.
        var staged: [Float]?
    }

    private let file: SafeTensorsFile
    private var items: [Item] = []

    /// Pass 1: maps the names and checks presence and shapes.
    /// - Throws: `ModuleError.checkpoint(.mismatch)` listing every problem (missing parameters and
    ///   unexpected tensors only when `strict`).
    init(file: SafeTensorsFile, parameters: [NamedParameter], mapping: CheckpointMapping, strict: Bool) throws(ModuleError) {
        self.file = file
        var targets: [String: [Tensor]] = [:]
        var order: [String] = []
        for (name, tensor) in parameters {
            if targets[name] == nil { order.append(name) }
            targets[name, default: []].append(tensor)
        }
        var claimed: [String: String] = [:]  // parameter → the first tensor mapped onto it
        var unexpected: [String] = [], misshaped: [ShapeMismatch] = [], ambiguous: [String: [String]] = [:]
        for info in file.infos {
            guard let (parameter, transform) = mapping.resolve(info.name) else { continue }
            guard let destinations = targets[parameter] else { unexpected.append(info.name); continue }
            if let first = claimed[parameter] {
                ambiguous[parameter, default: [first]].append(info.name)
                continue
            }
            claimed[parameter] = info.name
            let consistent = CheckpointTransform.elementCount(info.shape) == info.elementCount
            let shapes = consistent ? (transform?.shapes(from: info.shape) ?? [info.shape]) : nil
            let found = shapes?.last
            if let wrong = destinations.first(where: { $0.shape != found }) {
                misshaped.append(ShapeMismatch(
                    parameter: parameter, tensor: info.name, expected: wrong.shape, stored: info.shape, found: found))
                continue
            }
            items.append(Item(
                tensor: info.name, parameter: parameter, targets: destinations,
                valueTransform: transform.flatMap { $0.isReshapeOnly ? nil : $0 }, shapes: shapes ?? [], staged: nil))
        }
        let mismatch = CheckpointMismatch(
            source: file.source,
            missing: strict ? order.filter { claimed[$0] == nil } : [],
            unexpected: strict ? unexpected : [],
            misshaped: misshaped, ambiguous: ambiguous)
        guard mismatch.isEmpty else { throw .checkpoint(.mismatch(mismatch)) }
    }

    /// Pass 2: rejects the first NaN/±inf of any tensor as it would be loaded (file order).
    /// - Throws: `ModuleError.checkpoint(.nonFiniteValue)` naming the tensor and the first bad index.
    mutating func checkFinite() throws {
        for position in items.indices {
            let item = items[position]
            let bad: (index: Int, value: Float)?
            if item.valueTransform != nil {
                let values = try transformedValues(of: item)
                bad = values.firstIndex { !$0.isFinite }.map { ($0, values[$0]) }
                items[position].staged = values
            } else if let index = try file.firstNonFiniteIndex(named: item.tensor) {
                bad = (index, try file.entry(named: item.tensor).scalars[index])  // error path: decode to show the value
            } else {
                bad = nil
            }
            if let bad {
                throw ModuleError.checkpoint(.nonFiniteValue(
                    source: file.source, tensor: item.tensor, parameter: item.parameter,
                    shape: item.shapes.last ?? [], index: bad.index, value: bad.value))
            }
        }
    }

    /// Pass 3: writes every planned tensor into its parameters. After passes 1 and 2 nothing here
    /// can fail (element counts were checked), so a load is all or nothing.
    func commit() throws {
        for item in items {
            guard let first = item.targets.first else { continue }
            if item.valueTransform != nil {
                let values = try item.staged ?? transformedValues(of: item)
                for target in item.targets { copy(values, into: target) }
                continue
            }
            try file.decode(named: item.tensor, into: UnsafeMutableBufferPointer(start: first.data, count: first.count))
            for target in item.targets.dropFirst() { target.data.update(from: first.data, count: first.count) }
        }
    }

    /// The tensor decoded and run through its value transform (temporary buffers for this tensor only).
    private func transformedValues(of item: Item) throws -> [Float] {
        let stored = try file.entry(named: item.tensor).scalars
        return item.valueTransform?.apply(stored, shapes: item.shapes) ?? stored
    }

    private func copy(_ values: [Float], into tensor: Tensor) {
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { tensor.data.update(from: base, count: min(source.count, tensor.count)) }
        }
    }
}
