// Helpers shared by the TinyformerIO tests: hand-built files, a seeded generator, temp dirs.
import Foundation
import TinyformerIO

/// The `source` used for in-memory parses in the error tests, so messages can be checked for it.
let testSource = "bad.safetensors"

/// A safetensors file from a header JSON text and a data buffer. `headerLength` overrides the
/// length prefix (default: the real header length); the header is not padded.
func makeFile(header: String, buffer: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    makeFile(headerBytes: Array(header.utf8), buffer: buffer, headerLength: headerLength)
}

/// Like `makeFile(header:buffer:headerLength:)` but with raw (possibly invalid UTF-8) header bytes.
func makeFile(headerBytes: [UInt8], buffer: [UInt8] = [], headerLength: UInt64? = nil) -> [UInt8] {
    var bytes = littleEndianBytes(headerLength ?? UInt64(headerBytes.count))
    bytes += headerBytes
    bytes += buffer
    return bytes
}

func littleEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}

/// Little-endian F32 bytes of `values`.
func f32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
}

/// Little-endian bytes of 16-bit patterns (F16 or BF16).
func u16Bytes(_ values: [UInt16]) -> [UInt8] {
    values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
}

/// Parses `bytes` as `testSource` and returns the error, or nil if parsing succeeded.
func parseError(_ bytes: [UInt8]) -> SafeTensorsError? {
    do {
        _ = try SafeTensorsFile(bytes: bytes, source: testSource)
        return nil
    } catch {
        return error
    }
}

/// Bit-exact equality (so NaN == NaN and -0 != +0), for comparing decoded scalars.
func sameBits(_ a: [Float], _ b: [Float]) -> Bool {
    a.map(\.bitPattern) == b.map(\.bitPattern)
}

/// A fresh empty directory, removed by `body`'s end.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("tinyformer-io-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The package root, found from this file's path (Tests/TinyformerIOTests/TestSupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator for the fuzz test.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
