// Writing safetensors files: F32 only, deterministic bytes, atomic replacement on disk.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeTensorsFile {
    /// The bytes of a safetensors file holding `tensors` as F32.
    ///
    /// The output is deterministic: `__metadata__` first (omitted when `metadata` is nil, keys in
    /// byte order), then the tensors in byte-wise sorted name order, stored contiguously with no gaps
    /// in that same order; the compact JSON header is padded with spaces so the data starts at an
    /// 8-byte aligned offset, as the Hugging Face writer does.
    ///
    /// - Throws: `.scalarCountMismatch` if a shape has a negative dimension or does not multiply to
    ///   its scalar count; `.reservedTensorName` for a tensor called `__metadata__`.
    ///   `source` only names the output in those errors.
    public static func serialized(
        _ tensors: [String: SafeTensorsEntry], metadata: [String: String]? = nil, source: String = "<memory>"
    ) throws(SafeTensorsError) -> [UInt8] {
        let names = tensors.keys.sorted(by: SafeTensorsHeader.utf8Precedes)
        var json = "{"
        var fields: [String] = []
        if let metadata {
            let pairs = metadata.keys.sorted(by: SafeTensorsHeader.utf8Precedes).map { key in
                jsonString(key) + ":" + jsonString(metadata[key] ?? "")
            }
            fields.append(jsonString(SafeTensorsHeader.metadataKey) + ":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in names {
            guard let entry = tensors[name] else { continue }
            guard name != SafeTensorsHeader.metadataKey else { throw .reservedTensorName(source: source, name: name) }
            try checkShape(entry, name: name, source: source)
            let (byteCount, overflow) = entry.scalars.count.multipliedReportingOverflow(by: 4)
            let (end, overflow2) = offset.addingReportingOverflow(byteCount)
            guard !overflow, !overflow2 else {
                throw .scalarCountMismatch(source: source, name: name, shape: entry.shape, scalarCount: entry.scalars.count)
            }
            let shape = entry.shape.map(String.init).joined(separator: ",")
            fields.append(
                jsonString(name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        json += fields.joined(separator: ",") + "}"

        var header = Array(json.utf8)
        while (8 + header.count) % 8 != 0 { header.append(UInt8(ascii: " ")) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for name in names {
            guard let scalars = tensors[name]?.scalars else { continue }
            #if _endian(little)
            scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
            #else
            for scalar in scalars {
                withUnsafeBytes(of: scalar.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
            #endif
        }
        return bytes
    }

    /// Writes `tensors` (as F32) and `metadata` to `url` atomically: the bytes of `serialized` go to
    /// a temporary file in the same directory, which is flushed to disk and then renamed over `url`,
    /// so readers see either the old file or the complete new one.
    ///
    /// - Throws: the errors of `serialized`, or `.writeFailed` naming the path and the OS error.
    public static func write(
        _ tensors: [String: SafeTensorsEntry], metadata: [String: String]? = nil, to url: URL
    ) throws(SafeTensorsError) {
        let bytes = try serialized(tensors, metadata: metadata, source: url.path)
        try writeAtomically(bytes, to: url)
    }

    /// The bytes of this file's tensors (re-encoded as F32) and metadata (omitted when empty).
    public func serialized() throws(SafeTensorsError) -> [UInt8] {
        try Self.serialized(tensors, metadata: metadata.isEmpty ? nil : metadata, source: source)
    }

    /// Writes this file's tensors (re-encoded as F32) and metadata to `url` atomically.
    public func write(to url: URL) throws(SafeTensorsError) {
        try Self.write(tensors, metadata: metadata.isEmpty ? nil : metadata, to: url)
    }

    /// Throws unless every dimension is non-negative and their product (overflow-checked) is the scalar count.
    private static func checkShape(_ entry: SafeTensorsEntry, name: String, source: String) throws(SafeTensorsError) {
        var count = 1
        var valid = !entry.shape.contains { $0 < 0 }
        if valid, !entry.shape.contains(0) {
            for dimension in entry.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                if overflow { valid = false; break }
                count = product
            }
        } else {
            count = 0
        }
        guard valid, count == entry.scalars.count else {
            throw .scalarCountMismatch(source: source, name: name, shape: entry.shape, scalarCount: entry.scalars.count)
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest verbatim UTF-8.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Writes through `AtomicFile`, reporting failures as `.writeFailed`.
    private static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(SafeTensorsError) {
        do {
            try AtomicFile.write(bytes, to: url)
        } catch {
            throw .writeFailed(source: error.path, reason: error.reason)
        }
    }
}
