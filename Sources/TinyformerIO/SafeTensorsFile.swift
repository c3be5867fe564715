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

/// A parsed safetensors file: the validated header (names, dtypes, shapes, metadata) over the
/// file's bytes, each tensor decoded to `Float` only when asked for.
///
/// Reading validates the whole header up front and throws `SafeTensorsError` (never traps) on
/// truncated or oversized headers, non-UTF-8 or non-JSON headers, ill-typed entries, unknown or
/// undecodable dtypes, negative or overflowing shapes, sizes that disagree with `data_offsets`,
/// offsets outside the buffer, overlapping tensors and non-string metadata. Gaps between tensors
/// and trailing bytes after the last one are tolerated (the reference reader rejects them).
/// See `SafeTensorsDType` for which dtypes are converted and how exactly.
///
/// Decoding is lazy: `init(contentsOf:)` maps the file (see `SafeTensorsBytes`) and keeps the
/// mapping alive as long as any copy of the value; `entry(named:)` converts one tensor, and
/// `decode(named:into:)` converts it straight into caller memory (a parameter's buffer) without
/// an intermediate array. `tensors` is the eager path: it decodes every tensor on each access.
///
/// ```swift
/// let file = try SafeTensorsFile(contentsOf: url)
/// let weight = try file.entry(named: "encoder.layers.0.attention.query.weight")  // weight.shape == [C, C]
/// ```
public struct SafeTensorsFile: Sendable {
    /// The largest header accepted, in bytes (100 MB, as in the reference implementation).
    public static let maxHeaderLength = 100_000_000

    /// Where the tensors came from: the file path, or the `source` given to `init(bytes:source:)`.
    public let source: String
    /// The tensor names in file order (by data offset, ties by name); for files written by
    /// `SafeTensorsFile.write` this is sorted-name order.
    public let names: [String]
    /// Every tensor's name, dtype and shape, in `names` order (nothing is decoded).
    public let infos: [SafeTensorsTensorInfo]
    /// The `__metadata__` object (empty when the file has none).
    public let metadata: [String: String]

    /// Position of each name in `infos`.
    private let positions: [String: Int]
    private let content: Content

    /// Where the values are: undecoded bytes (with each tensor's absolute byte offset, in `infos`
    /// order), or entries built in memory (in `infos` order).
    private enum Content: Sendable {
        case bytes(SafeTensorsBytes, offsets: [Int])
        case entries([SafeTensorsEntry])
    }

    /// Every tensor by name, all decoded now: the eager path, which costs a `Float` copy of the
    /// whole file on each access. Prefer `entry(named:)` or `decode(named:into:)`.
    public var tensors: [String: SafeTensorsEntry] {
        var all: [String: SafeTensorsEntry] = [:]
        all.reserveCapacity(infos.count)
        for position in infos.indices { all[infos[position].name] = entry(at: position) }
        return all
    }

    /// Maps the safetensors file at `url` and validates its header; tensors are decoded on demand.
    public init(contentsOf url: URL) throws(SafeTensorsError) {
        try self.init(bytes: SafeTensorsBytes(contentsOf: url), source: url.path)
    }

    /// Validates a complete safetensors file held in memory (the array is kept, not copied);
    /// `source` names it in error messages.
    public init(bytes: [UInt8], source: String = "<memory>") throws(SafeTensorsError) {
        try self.init(bytes: SafeTensorsBytes(array: bytes), source: source)
    }

    /// A file built in memory (for example to `write(to:)` it).
    public init(tensors: [String: SafeTensorsEntry], metadata: [String: String] = [:], source: String = "<memory>") {
        let names = tensors.keys.sorted(by: SafeTensorsHeader.utf8Precedes)
        let entries = names.compactMap { tensors[$0] }
        self.init(
            source: source, names: names,
            infos: zip(names, entries).map { name, entry in
                SafeTensorsTensorInfo(name: name, dtype: entry.sourceDType, shape: entry.shape, elementCount: entry.scalars.count)
            },
            metadata: metadata, content: .entries(entries))
    }

    /// The header information of the tensor called `name`, or `.tensorNotFound` listing the names that exist.
    public func info(named name: String) throws(SafeTensorsError) -> SafeTensorsTensorInfo {
        infos[try position(of: name)]
    }

    /// The tensor called `name`, decoded now, or `.tensorNotFound` listing the names that exist.
    public func entry(named name: String) throws(SafeTensorsError) -> SafeTensorsEntry {
        entry(at: try position(of: name))
    }

    /// The tensor called `name` (the same as `entry(named:)`).
    public func tensor(named name: String) throws(SafeTensorsError) -> SafeTensorsEntry {
        try entry(named: name)
    }

    /// The tensor called `name` decoded now, or nil.
    public subscript(name: String) -> SafeTensorsEntry? { positions[name].map(entry(at:)) }

    /// Converts the tensor called `name` to `Float` straight into `destination`, in row-major
    /// order, with no intermediate array (F32 is one `memcpy`; F16, BF16 and the other dtypes are
    /// converted element by element, exactly as documented in `SafeTensorsDType`).
    /// - Throws: `.tensorNotFound`, or `.destinationCountMismatch` (nothing written) unless
    ///   `destination.count` is the tensor's `elementCount`.
    public func decode(named name: String, into destination: UnsafeMutableBufferPointer<Float>) throws(SafeTensorsError) {
        let position = try position(of: name)
        let info = infos[position]
        guard destination.count == info.elementCount else {
            throw .destinationCountMismatch(
                source: source, name: name, shape: info.shape, elementCount: info.elementCount,
                destinationCount: destination.count)
        }
        switch content {
        case let .bytes(bytes, offsets):
            let decoded = bytes.withUnsafeBytes { raw in info.dtype.decode(raw, offset: offsets[position], into: destination) }
            // Unreachable: init rejects undecodable dtypes.
            guard decoded else { throw .unsupportedDType(source: source, name: name, dtype: info.dtype) }
        case let .entries(entries):
            _ = destination.update(fromContentsOf: entries[position].scalars)
        }
    }

    /// The row-major index of the first element of the tensor called `name` whose decoded value
    /// is NaN or ±inf, or nil if every value is finite. Scans the stored bits without decoding or
    /// allocating (an `F64` too large for `Float` counts: it decodes to ±inf).
    /// - Throws: `.tensorNotFound`.
    public func firstNonFiniteIndex(named name: String) throws(SafeTensorsError) -> Int? {
        let position = try position(of: name)
        switch content {
        case let .bytes(bytes, offsets):
            let info = infos[position]
            return bytes.withUnsafeBytes { raw in
                info.dtype.firstNonFinite(raw, offset: offsets[position], count: info.elementCount)
            }
        case let .entries(entries):
            return entries[position].scalars.firstIndex { !$0.isFinite }
        }
    }

    private init(
        source: String, names: [String], infos: [SafeTensorsTensorInfo], metadata: [String: String], content: Content
    ) {
        self.source = source
        self.names = names
        self.infos = infos
        self.metadata = metadata
        self.content = content
        positions = Dictionary(infos.indices.map { (infos[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Validates the header of `bytes`; nothing is decoded.
    private init(bytes: SafeTensorsBytes, source: String) throws(SafeTensorsError) {
        let parsed = bytes.withUnsafeBytes { raw in
            Result { () throws(SafeTensorsError) in try SafeTensorsHeader.parse(raw, source: source) }
        }
        let header = try parsed.get()
        if let bad = header.entries.first(where: { !$0.dtype.isDecodable }) {
            throw .unsupportedDType(source: source, name: bad.name, dtype: bad.dtype)
        }
        self.init(
            source: source, names: header.entries.map(\.name),
            infos: header.entries.map { entry in
                SafeTensorsTensorInfo(name: entry.name, dtype: entry.dtype, shape: entry.shape, elementCount: entry.elementCount)
            },
            metadata: header.metadata,
            // Ranges were checked against the buffer, so the sum stays inside the file.
            content: .bytes(bytes, offsets: header.entries.map { header.dataStart + $0.range.lowerBound }))
    }

    private func position(of name: String) throws(SafeTensorsError) -> Int {
        guard let position = positions[name] else { throw .tensorNotFound(source: source, name: name, available: names) }
        return position
    }

    /// Decodes the tensor at `position` of `infos` (infallible once the header is validated).
    private func entry(at position: Int) -> SafeTensorsEntry {
        let info = infos[position]
        switch content {
        case let .bytes(bytes, offsets):
            let scalars = [Float](unsafeUninitializedCapacity: info.elementCount) { out, initialized in
                bytes.withUnsafeBytes { raw in _ = info.dtype.decode(raw, offset: offsets[position], into: out) }
                initialized = info.elementCount
            }
            return SafeTensorsEntry(shape: info.shape, scalars: scalars, sourceDType: info.dtype)
        case let .entries(entries):
            return entries[position]
        }
    }
}
