// Parsing and validating the safetensors header: the u64 length prefix, the JSON object and every
// tensor entry in it. Nothing here traps on input: sizes use overflow-reporting arithmetic and all
// JSON values are type-checked before use.
import Foundation

/// One validated tensor entry of a header: its byte range is inside the data buffer and matches
/// `shape` × `dtype`.
struct SafeTensorsHeaderEntry: Sendable {
    let name: String
    let dtype: SafeTensorsDType
    let shape: [Int]
    let elementCount: Int
    /// Byte range relative to the start of the data buffer.
    let range: Range<Int>
}

/// A validated header: entries in file order (by `data_offsets`, then name) and the metadata.
struct SafeTensorsHeader: Sendable {
    let entries: [SafeTensorsHeaderEntry]
    let metadata: [String: String]
    /// Offset of the data buffer from the start of the file (8 + header length).
    let dataStart: Int
    let bufferLength: Int

    /// Parses and validates the header of the complete file `bytes`; `source` names the file in errors.
    static func parse(_ bytes: UnsafeRawBufferPointer, source: String) throws(SafeTensorsError) -> SafeTensorsHeader {
        guard bytes.count >= 8 else { throw .truncatedFile(source: source, byteCount: bytes.count) }
        let rawLength = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        guard rawLength <= UInt64(SafeTensorsFile.maxHeaderLength) else {
            throw .headerTooLarge(source: source, headerLength: rawLength, limit: SafeTensorsFile.maxHeaderLength)
        }
        let headerLength = Int(rawLength)  // <= 100 MB, fits
        guard headerLength <= bytes.count - 8 else {
            throw .headerLengthPastEnd(source: source, headerLength: rawLength, fileSize: bytes.count)
        }
        let dataStart = 8 + headerLength
        let bufferLength = bytes.count - dataStart
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart])

        let object = try parseJSON(headerBytes, source: source)
        guard let header = object as? [String: Any] else { throw .headerNotObject(source: source) }

        var metadata: [String: String] = [:]
        if let raw = header[metadataKey] { metadata = try parseMetadata(raw, source: source) }

        var entries: [SafeTensorsHeaderEntry] = []
        entries.reserveCapacity(header.count)
        // Sorted so that a file with several problems always reports the same one.
        for name in header.keys.sorted(by: utf8Precedes) where name != metadataKey {
            entries.append(try parseEntry(name: name, header[name] ?? NSNull(), bufferLength: bufferLength, source: source))
        }
        entries.sort { a, b in
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            if a.range.upperBound != b.range.upperBound { return a.range.upperBound < b.range.upperBound }
            return utf8Precedes(a.name, b.name)
        }
        try checkNoOverlap(entries, source: source)
        return SafeTensorsHeader(entries: entries, metadata: metadata, dataStart: dataStart, bufferLength: bufferLength)
    }

    /// The reserved header key holding the string → string metadata.
    static let metadataKey = "__metadata__"

    /// Byte-wise UTF-8 order, the order the reference writer uses for names.
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// UTF-8 check, then Foundation's JSON parser. NUL bytes are rejected up front: JSON never
    /// contains them, and they would make Foundation guess a UTF-16/32 encoding.
    private static func parseJSON(_ headerBytes: UnsafeRawBufferPointer, source: String) throws(SafeTensorsError) -> Any {
        guard !headerBytes.contains(0), String(validating: headerBytes, as: UTF8.self) != nil else {
            throw .headerNotUTF8(source: source)
        }
        do {
            return try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw .headerNotJSON(source: source, reason: reason)
        }
    }

    private static func parseMetadata(_ raw: Any, source: String) throws(SafeTensorsError) -> [String: String] {
        let expected = "an object whose values are all strings"
        guard let object = raw as? [String: Any] else {
            throw .invalidMetadata(source: source, key: nil, expected: expected)
        }
        var metadata: [String: String] = [:]
        for key in object.keys.sorted(by: utf8Precedes) {
            guard let value = object[key] as? String, !(object[key] is NSNumber) else {
                throw .invalidMetadata(source: source, key: key, expected: "a string value")
            }
            metadata[key] = value
        }
        return metadata
    }

    /// A JSON integer as `Int`: nil for booleans, strings, null, non-integral or out-of-range numbers.
    static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        // JSON true/false arrive as boolean NSNumbers (type encoding "c") that would bridge to 0/1.
        if number.objCType.pointee == CChar(UInt8(ascii: "c")) { return nil }
        return value as? Int  // exact bridging: 2.0 → 2, 2.5 / 1e30 / 2^64 → nil
    }

    private static func parseEntry(
        name: String, _ raw: Any, bufferLength: Int, source: String
    ) throws(SafeTensorsError) -> SafeTensorsHeaderEntry {
        guard let entry = raw as? [String: Any] else { throw .entryNotObject(source: source, name: name) }

        guard let rawDType = entry["dtype"] else { throw .missingField(source: source, name: name, field: "dtype") }
        guard let dtypeName = rawDType as? String, !(rawDType is NSNumber) else {
            throw .invalidField(source: source, name: name, field: "dtype", expected: "a string such as \"F32\"")
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(source: source, name: name, dtype: dtypeName)
        }

        guard let rawShape = entry["shape"] else { throw .missingField(source: source, name: name, field: "shape") }
        let shapeExpected = "an array of integers"
        guard let shapeArray = rawShape as? [Any] else {
            throw .invalidField(source: source, name: name, field: "shape", expected: shapeExpected)
        }
        var shape: [Int] = []
        shape.reserveCapacity(shapeArray.count)
        for value in shapeArray {
            guard let dimension = integer(value) else {
                throw .invalidField(source: source, name: name, field: "shape", expected: shapeExpected)
            }
            shape.append(dimension)
        }
        if shape.contains(where: { $0 < 0 }) { throw .negativeDimension(source: source, name: name, shape: shape) }

        guard let rawOffsets = entry["data_offsets"] else {
            throw .missingField(source: source, name: name, field: "data_offsets")
        }
        guard let offsets = rawOffsets as? [Any], offsets.count == 2,
              let begin = integer(offsets[0]), let end = integer(offsets[1]), begin >= 0, end >= 0
        else {
            throw .invalidField(
                source: source, name: name, field: "data_offsets", expected: "[begin, end] with two non-negative integers")
        }
        guard begin <= end else { throw .invalidDataOffsets(source: source, name: name, begin: begin, end: end) }
        guard end <= bufferLength else {
            throw .dataOffsetsOutOfRange(source: source, name: name, begin: begin, end: end, bufferLength: bufferLength)
        }

        // Element count and size, overflow-checked (a zero dimension makes the tensor empty).
        var count = 1
        if !shape.contains(0) {
            for dimension in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw .shapeOverflow(source: source, name: name, shape: shape) }
                count = product
            }
        } else {
            count = 0
        }
        let (bits, overflow) = count.multipliedReportingOverflow(by: dtype.bitWidth)
        guard !overflow else { throw .shapeOverflow(source: source, name: name, shape: shape) }
        let actualBytes = end - begin
        guard bits % 8 == 0, bits / 8 == actualBytes else {
            throw .byteCountMismatch(
                source: source, name: name, dtype: dtype, shape: shape,
                expectedBytes: bits / 8 + (bits % 8 == 0 ? 0 : 1), actualBytes: actualBytes)
        }
        return SafeTensorsHeaderEntry(name: name, dtype: dtype, shape: shape, elementCount: count, range: begin..<end)
    }

    /// `entries` are sorted by start offset; empty tensors occupy no bytes and overlap nothing.
    private static func checkNoOverlap(_ entries: [SafeTensorsHeaderEntry], source: String) throws(SafeTensorsError) {
        var furthest: SafeTensorsHeaderEntry?  // the non-empty entry reaching furthest so far
        for entry in entries where !entry.range.isEmpty {
            if let previous = furthest, previous.range.upperBound > entry.range.lowerBound {
                throw .overlappingTensors(
                    source: source, first: previous.name, firstRange: previous.range,
                    second: entry.name, secondRange: entry.range)
            }
            if furthest.map({ entry.range.upperBound > $0.range.upperBound }) ?? true { furthest = entry }
        }
    }
}
