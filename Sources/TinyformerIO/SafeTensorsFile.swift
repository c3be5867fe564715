// Reading Hugging Face safetensors files into Float32 arrays.
//
// Layout: an 8-byte little-endian u64 N, N bytes of UTF-8 JSON header, then the data buffer.
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the data buffer) and may hold "__metadata__": {string: string}.
import Foundation

/// One tensor of a safetensors file, always as row-major `Float` scalars.
public struct SafeTensorsEntry: Equatable, Sendable {
    /// The dimensions, outermost first (`[]` for a scalar, which holds one element).
    public let shape: [Int]
    /// The row-major values, converted to `Float` from `sourceDType`.
    public let scalars: [Float]
    /// The dtype stored in the file (`.f32` for entries built in memory).
    public let sourceDType: SafeTensorsDType

    /// A tensor to write. `shape` is not checked here: `SafeTensorsFile.serialized` and `write`
    /// throw `.scalarCountMismatch` (naming the tensor) unless its product equals `scalars.count`.
    public init(shape: [Int], scalars: [Float]) {
        self.init(shape: shape, scalars: scalars, sourceDType: .f32)
    }

    init(shape: [Int], scalars: [Float], sourceDType: SafeTensorsDType) {
        self.shape = shape
        self.scalars = scalars
        self.sourceDType = sourceDType
    }
}

/// A parsed safetensors file: every tensor decoded to `Float`, plus the metadata.
///
/// Reading validates the whole file before decoding anything and throws `SafeTensorsError` (never
/// traps) on truncated or oversized headers, non-UTF-8 or non-JSON headers, ill-typed entries,
/// unknown dtypes, negative or overflowing shapes, sizes that disagree with `data_offsets`,
/// offsets outside the buffer, overlapping tensors and non-string metadata. Gaps between tensors
/// and trailing bytes after the last one are tolerated (the reference reader rejects them).
/// See `SafeTensorsDType` for which dtypes are converted and how exactly.
///
/// ```swift
/// let file = try SafeTensorsFile(contentsOf: url)
/// let weight = try file.tensor(named: "encoder.layers.0.attention.query.weight")  // weight.shape == [C, C]
/// ```
public struct SafeTensorsFile: Sendable {
    /// The largest header accepted, in bytes (100 MB, as in the reference implementation).
    public static let maxHeaderLength = 100_000_000

    /// Where the tensors came from: the file path, or the `source` given to `init(bytes:source:)`.
    public let source: String
    /// Every tensor by name.
    public let tensors: [String: SafeTensorsEntry]
    /// The tensor names in file order (by data offset, ties by name); for files written by
    /// `SafeTensorsFile.write` this is sorted-name order.
    public let names: [String]
    /// The `__metadata__` object (empty when the file has none).
    public let metadata: [String: String]

    /// Reads and decodes the safetensors file at `url`.
    public init(contentsOf url: URL) throws(SafeTensorsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: [.mappedIfSafe])
        } catch {
            throw .unreadableFile(source: url.path, reason: error.localizedDescription)
        }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(SafeTensorsError) in try Self.decode(raw, source: url.path) }
        }
        self = try result.get()
    }

    /// Decodes a complete safetensors file held in memory; `source` names it in error messages.
    public init(bytes: [UInt8], source: String = "<memory>") throws(SafeTensorsError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(SafeTensorsError) in try Self.decode(raw, source: source) }
        }
        self = try result.get()
    }

    /// A file built in memory (for example to `write(to:)` it).
    public init(tensors: [String: SafeTensorsEntry], metadata: [String: String] = [:], source: String = "<memory>") {
        self.source = source
        self.tensors = tensors
        self.names = tensors.keys.sorted(by: SafeTensorsHeader.utf8Precedes)
        self.metadata = metadata
    }

    /// The tensor called `name`, or `.tensorNotFound` listing the names that exist.
    public func tensor(named name: String) throws(SafeTensorsError) -> SafeTensorsEntry {
        guard let entry = tensors[name] else {
            throw .tensorNotFound(source: source, name: name, available: names)
        }
        return entry
    }

    /// The tensor called `name`, or nil.
    public subscript(name: String) -> SafeTensorsEntry? { tensors[name] }

    private init(source: String, tensors: [String: SafeTensorsEntry], names: [String], metadata: [String: String]) {
        self.source = source
        self.tensors = tensors
        self.names = names
        self.metadata = metadata
    }

    /// Validates the header, then converts every tensor.
    private static func decode(_ bytes: UnsafeRawBufferPointer, source: String) throws(SafeTensorsError) -> SafeTensorsFile {
        let header = try SafeTensorsHeader.parse(bytes, source: source)
        if let bad = header.entries.first(where: { !$0.dtype.isDecodable }) {
            throw .unsupportedDType(source: source, name: bad.name, dtype: bad.dtype)
        }
        var tensors: [String: SafeTensorsEntry] = [:]
        tensors.reserveCapacity(header.entries.count)
        for entry in header.entries {
            let offset = header.dataStart + entry.range.lowerBound  // range checked against the buffer
            guard let scalars = entry.dtype.decode(bytes, offset: offset, count: entry.elementCount) else {
                throw .unsupportedDType(source: source, name: entry.name, dtype: entry.dtype)
            }
            tensors[entry.name] = SafeTensorsEntry(shape: entry.shape, scalars: scalars, sourceDType: entry.dtype)
        }
        return SafeTensorsFile(
            source: source, tensors: tensors, names: header.entries.map(\.name), metadata: header.metadata)
    }
}
