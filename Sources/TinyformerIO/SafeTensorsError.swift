// Errors thrown while reading, validating, looking up or writing safetensors files.

/// Everything that can go wrong with a safetensors file. Each message names the file (`source`:
/// a path, or `"<memory>"` for bytes parsed in memory), the tensor when there is one, and what was
/// expected, so the culprit can be found from the message alone.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file could not be read from disk at all.
    case unreadableFile(source: String, reason: String)
    /// Fewer than the 8 bytes of the little-endian `u64` header length.
    case truncatedFile(source: String, byteCount: Int)
    /// The header length points past the end of the file (`headerLength > fileSize - 8`).
    case headerLengthPastEnd(source: String, headerLength: UInt64, fileSize: Int)
    /// The header length is above `limit` (100 MB, the limit of the reference implementation).
    case headerTooLarge(source: String, headerLength: UInt64, limit: Int)
    /// The header bytes are not valid UTF-8 (or contain a NUL byte, which JSON never allows).
    case headerNotUTF8(source: String)
    /// The header is UTF-8 but not JSON; `reason` is the JSON parser's message.
    case headerNotJSON(source: String, reason: String)
    /// The header is JSON but its top level is not an object.
    case headerNotObject(source: String)
    /// A tensor's header entry is not an object `{"dtype", "shape", "data_offsets"}`.
    case entryNotObject(source: String, name: String)
    /// A tensor's header entry lacks `field` (`dtype`, `shape` or `data_offsets`).
    case missingField(source: String, name: String, field: String)
    /// A tensor's `field` has the wrong JSON type or value; `expected` says what was wanted.
    case invalidField(source: String, name: String, field: String, expected: String)
    /// `dtype` is not one of the safetensors dtype names.
    case unknownDType(source: String, name: String, dtype: String)
    /// `dtype` is a valid safetensors dtype that this reader cannot convert to `Float`.
    case unsupportedDType(source: String, name: String, dtype: SafeTensorsDType)
    /// A dimension of `shape` is negative.
    case negativeDimension(source: String, name: String, shape: [Int])
    /// The element count or byte size of `shape` overflows `Int`.
    case shapeOverflow(source: String, name: String, shape: [Int])
    /// `shape` × dtype size disagrees with the byte length `end - begin` of `data_offsets`.
    case byteCountMismatch(
        source: String, name: String, dtype: SafeTensorsDType, shape: [Int], expectedBytes: Int, actualBytes: Int)
    /// `data_offsets` has `begin > end`.
    case invalidDataOffsets(source: String, name: String, begin: Int, end: Int)
    /// `data_offsets` ends past the end of the byte buffer.
    case dataOffsetsOutOfRange(source: String, name: String, begin: Int, end: Int, bufferLength: Int)
    /// Two tensors' byte ranges overlap (`first` starts first).
    case overlappingTensors(source: String, first: String, firstRange: Range<Int>, second: String, secondRange: Range<Int>)
    /// `__metadata__` is not an object of strings; `key` is the offending key (nil: the object itself).
    case invalidMetadata(source: String, key: String?, expected: String)
    /// `tensor(named:)` was asked for a name the file does not contain.
    case tensorNotFound(source: String, name: String, available: [String])
    /// `decode(named:into:)` was given a buffer of `destinationCount` floats for a tensor of `elementCount`.
    case destinationCountMismatch(source: String, name: String, shape: [Int], elementCount: Int, destinationCount: Int)
    /// Writing: `scalars.count` differs from the element count of `shape` (or `shape` is invalid).
    case scalarCountMismatch(source: String, name: String, shape: [Int], scalarCount: Int)
    /// Writing: `__metadata__` cannot be used as a tensor name.
    case reservedTensorName(source: String, name: String)
    /// Writing: the temporary file could not be written, synced or renamed into place.
    case writeFailed(source: String, reason: String)

    /// A one-line message: `safetensors <source>: [tensor '<name>': ]<problem> (expected ...)`.
    public var description: String {
        switch self {
        case let .unreadableFile(source, reason):
            return "safetensors \(source): cannot read the file (\(reason))"
        case let .truncatedFile(source, byteCount):
            return "safetensors \(source): truncated file of \(byteCount) bytes "
                + "(expected at least 8 bytes for the u64 header length)"
        case let .headerLengthPastEnd(source, headerLength, fileSize):
            return "safetensors \(source): header length \(headerLength) runs past the end of the "
                + "\(fileSize)-byte file (expected at most \(max(fileSize - 8, 0)))"
        case let .headerTooLarge(source, headerLength, limit):
            return "safetensors \(source): header length \(headerLength) exceeds the limit of \(limit) bytes"
        case let .headerNotUTF8(source):
            return "safetensors \(source): header is not valid UTF-8 JSON text (expected UTF-8 without NUL bytes)"
        case let .headerNotJSON(source, reason):
            return "safetensors \(source): header is not valid JSON (\(reason))"
        case let .headerNotObject(source):
            return "safetensors \(source): header is not a JSON object (expected {\"name\": {...}, ...})"
        case let .entryNotObject(source, name):
            return "safetensors \(source): tensor '\(name)': entry is not an object "
                + "(expected {\"dtype\", \"shape\", \"data_offsets\"})"
        case let .missingField(source, name, field):
            return "safetensors \(source): tensor '\(name)': missing field \"\(field)\""
        case let .invalidField(source, name, field, expected):
            return "safetensors \(source): tensor '\(name)': field \"\(field)\" is invalid (expected \(expected))"
        case let .unknownDType(source, name, dtype):
            return "safetensors \(source): tensor '\(name)': unknown dtype \"\(dtype)\" (expected one of "
                + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case let .unsupportedDType(source, name, dtype):
            return "safetensors \(source): tensor '\(name)': dtype \(dtype.rawValue) cannot be converted to Float "
                + "(supported: " + SafeTensorsDType.allCases.filter(\.isDecodable).map(\.rawValue)
                .joined(separator: ", ") + ")"
        case let .negativeDimension(source, name, shape):
            return "safetensors \(source): tensor '\(name)': shape \(shape) has a negative dimension"
        case let .shapeOverflow(source, name, shape):
            return "safetensors \(source): tensor '\(name)': shape \(shape) is too large (its size overflows Int)"
        case let .byteCountMismatch(source, name, dtype, shape, expectedBytes, actualBytes):
            return "safetensors \(source): tensor '\(name)': \(dtype.rawValue) shape \(shape) needs "
                + "\(expectedBytes) bytes but data_offsets span \(actualBytes)"
        case let .invalidDataOffsets(source, name, begin, end):
            return "safetensors \(source): tensor '\(name)': data_offsets [\(begin), \(end)] "
                + "have begin > end (expected begin <= end)"
        case let .dataOffsetsOutOfRange(source, name, begin, end, bufferLength):
            return "safetensors \(source): tensor '\(name)': data_offsets [\(begin), \(end)] run past the "
                + "\(bufferLength)-byte data buffer (expected end <= \(bufferLength))"
        case let .overlappingTensors(source, first, firstRange, second, secondRange):
            return "safetensors \(source): tensors '\(first)' [\(firstRange.lowerBound), \(firstRange.upperBound)] "
                + "and '\(second)' [\(secondRange.lowerBound), \(secondRange.upperBound)] overlap "
                + "(expected disjoint data_offsets)"
        case let .invalidMetadata(source, key, expected):
            let what = key.map { "__metadata__[\"\($0)\"]" } ?? "__metadata__"
            return "safetensors \(source): \(what) is invalid (expected \(expected))"
        case let .tensorNotFound(source, name, available):
            let shown = available.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            let more = available.count > 10 ? ", ... (\(available.count) in total)" : ""
            return "safetensors \(source): no tensor named '\(name)' (available: \(shown)\(more))"
        case let .destinationCountMismatch(source, name, shape, elementCount, destinationCount):
            return "safetensors \(source): tensor '\(name)': cannot decode shape \(shape) into a buffer of "
                + "\(destinationCount) floats (expected exactly \(elementCount))"
        case let .scalarCountMismatch(source, name, shape, scalarCount):
            return "safetensors \(source): tensor '\(name)': shape \(shape) does not describe the "
                + "\(scalarCount) scalars given (expected non-negative dimensions whose product is \(scalarCount))"
        case let .reservedTensorName(source, name):
            return "safetensors \(source): tensor name '\(name)' is reserved for metadata"
        case let .writeFailed(source, reason):
            return "safetensors \(source): write failed (\(reason))"
        }
    }
}
