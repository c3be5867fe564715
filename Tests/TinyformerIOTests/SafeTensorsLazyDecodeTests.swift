// Lazy reading: header information without decoding, per-tensor decoding (into arrays and into
// caller memory) equal to the eager path and to per-element reference conversions, the
// non-finite scan, and the lifetime of the mapped bytes.
import Foundation
import Testing
import TinyformerIO

/// The reference value of one little-endian element, written independently of the reader.
private func referenceValue(_ dtype: SafeTensorsDType, _ bytes: ArraySlice<UInt8>) -> Float {
    let bits = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }  // little-endian
    switch dtype {
    case .f32: return Float(bitPattern: UInt32(bits))
    case .f16: return SafeTensorsDType.float(fromHalfBits: UInt16(bits))
    case .bf16: return SafeTensorsDType.float(fromBFloat16Bits: UInt16(bits))
    case .f64: return Float(Double(bitPattern: bits))
    case .bool: return bits == 0 ? 0 : 1
    case .u8, .u16, .u32: return Float(bits)
    case .u64: return Float(bits)
    case .i8: return Float(Int8(truncatingIfNeeded: bits))
    case .i16: return Float(Int16(truncatingIfNeeded: bits))
    case .i32: return Float(Int32(truncatingIfNeeded: bits))
    case .i64: return Float(Int64(bitPattern: bits))
    default: return .nan
    }
}

/// A file holding a 3-byte U8 tensor "pad", then "t" (seeded random bytes of `dtype`, shape
/// (3, 5)) at the odd offset 3, so unaligned loads are exercised. Returns the file and t's bytes.
private func randomTensorFile(_ dtype: SafeTensorsDType) -> (bytes: [UInt8], data: [UInt8]) {
    var rng = SplitMix64(seed: 0x1A2E_0000 + UInt64(dtype.bitWidth))
    let width = dtype.bitWidth / 8
    let data = (0..<(15 * width)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let header = #"{"pad":{"dtype":"U8","shape":[3],"data_offsets":[0,3]},"# +
        #""t":{"dtype":"\#(dtype.rawValue)","shape":[3,5],"data_offsets":[3,\#(3 + data.count)]}}"#
    return (makeFile(header: header, buffer: [7, 8, 9] + data), data)
}

@Test(arguments: SafeTensorsDType.allCases.filter(\.isDecodable))
func lazyDecodeEqualsEagerDecodeAndTheReference(dtype: SafeTensorsDType) throws {
    let (bytes, data) = randomTensorFile(dtype)
    let file = try SafeTensorsFile(bytes: bytes)
    let width = dtype.bitWidth / 8
    let reference = (0..<15).map { referenceValue(dtype, data[($0 * width)..<(($0 + 1) * width)]) }

    var buffer = [Float](repeating: 0, count: 15)
    try buffer.withUnsafeMutableBufferPointer { try file.decode(named: "t", into: $0) }
    let entry = try file.entry(named: "t")
    let eager = try #require(file.tensors["t"])
    #expect(sameBits(buffer, reference), "decode(named:into:) of \(dtype.rawValue)")
    #expect(sameBits(entry.scalars, reference), "entry(named:) of \(dtype.rawValue)")
    #expect(sameBits(eager.scalars, reference), "tensors of \(dtype.rawValue)")
    #expect(entry.shape == [3, 5] && entry.sourceDType == dtype && eager.shape == [3, 5] && eager.sourceDType == dtype)
}

@Test func pythonWrittenFileDecodesLazilyToTheSameBitsAsEagerly() throws {
    let file = try SafeTensorsFile(contentsOf: packageRoot.appendingPathComponent("Fixtures/io/python_written.safetensors"))
    let eager = file.tensors
    #expect(Set(file.infos.map(\.dtype)) == [.f32, .f16, .bf16])
    for info in file.infos {
        let expected = try #require(eager[info.name])
        #expect(info.shape == expected.shape && info.dtype == expected.sourceDType, "\(info.name)")
        var buffer = [Float](repeating: -1, count: info.elementCount)
        try buffer.withUnsafeMutableBufferPointer { try file.decode(named: info.name, into: $0) }
        #expect(sameBits(buffer, expected.scalars), "\(info.name)")
    }
}

@Test func decodeIntoRejectsABufferOfTheWrongCountAndWritesNothing() throws {
    let file = try SafeTensorsFile(bytes: SafeTensorsFile.serialized(["w": SafeTensorsEntry(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])]),
                                   source: "ckpt.safetensors")
    for count in [5, 7, 0] {
        var buffer = [Float](repeating: 42, count: count)
        let error = #expect(throws: SafeTensorsError.destinationCountMismatch(
            source: "ckpt.safetensors", name: "w", shape: [2, 3], elementCount: 6, destinationCount: count)
        ) {
            try buffer.withUnsafeMutableBufferPointer { try file.decode(named: "w", into: $0) }
        }
        #expect(buffer.allSatisfy { $0 == 42 })
        #expect(error?.description.contains("'w'") == true && error?.description.contains("ckpt.safetensors") == true)
    }
}

@Test func infosDescribeEveryTensorInFileOrderWithoutDecoding() throws {
    let header = #"{"b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]},"a":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"# +
        #""s":{"dtype":"I64","shape":[],"data_offsets":[16,24]}}"#
    let file = try SafeTensorsFile(bytes: makeFile(header: header, buffer: [UInt8](repeating: 0, count: 24)), source: testSource)
    #expect(file.infos == [
        SafeTensorsTensorInfo(name: "a", dtype: .f16, shape: [2, 2], elementCount: 4),
        SafeTensorsTensorInfo(name: "b", dtype: .bf16, shape: [3], elementCount: 3),
        SafeTensorsTensorInfo(name: "s", dtype: .i64, shape: [], elementCount: 1),
    ])
    #expect(file.infos.map(\.name) == file.names)
    #expect(try file.info(named: "b").dtype == .bf16)
    #expect(throws: SafeTensorsError.tensorNotFound(source: testSource, name: "c", available: ["a", "b", "s"])) {
        try file.info(named: "c")
    }
}

@Test func inMemoryFileDecodesIntoABufferAndReportsItsInfos() throws {
    let file = SafeTensorsFile(tensors: ["x": SafeTensorsEntry(shape: [2], scalars: [1.5, -2])])
    #expect(file.infos == [SafeTensorsTensorInfo(name: "x", dtype: .f32, shape: [2], elementCount: 2)])
    var buffer: [Float] = [0, 0]
    try buffer.withUnsafeMutableBufferPointer { try file.decode(named: "x", into: $0) }
    #expect(buffer == [1.5, -2])
}

@Test func firstNonFiniteIndexFindsNaNAndInfinityInEveryFloatDType() throws {
    let f64: [UInt8] = [1.0, 1e300, .nan].flatMap { (v: Double) in (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
    let header = #"{"f32":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"# +
        #""f16":{"dtype":"F16","shape":[4],"data_offsets":[12,20]},"bf16":{"dtype":"BF16","shape":[3],"data_offsets":[20,26]},"# +
        #""f64":{"dtype":"F64","shape":[3],"data_offsets":[26,50]},"i64":{"dtype":"I64","shape":[1],"data_offsets":[50,58]},"# +
        #""finite":{"dtype":"F16","shape":[2],"data_offsets":[58,62]}}"#
    let buffer = f32Bytes([1, 2, .nan]) + u16Bytes([0x3C00, 0x7BFF, 0xFC00, 0x7E00]) + u16Bytes([0x3F80, 0x7FC0, 0x7F80]) + f64
        + littleEndianBytes(UInt64.max) + u16Bytes([0x7BFF, 0x0001])
    let file = try SafeTensorsFile(bytes: makeFile(header: header, buffer: buffer))
    #expect(try file.firstNonFiniteIndex(named: "f32") == 2)
    #expect(try file.firstNonFiniteIndex(named: "f16") == 2)  // -inf before the NaN
    #expect(try file.firstNonFiniteIndex(named: "bf16") == 1)
    #expect(try file.firstNonFiniteIndex(named: "f64") == 1)  // 1e300 decodes to +inf
    #expect(try file.firstNonFiniteIndex(named: "i64") == nil)
    #expect(try file.firstNonFiniteIndex(named: "finite") == nil)
    for name in file.names {  // the scan agrees with the decoded values
        #expect(try file.firstNonFiniteIndex(named: name) == file.entry(named: name).scalars.firstIndex { !$0.isFinite }, "\(name)")
    }
}

@Test func mappedFileKeepsItsBytesWhileAnyCopyLivesEvenAfterTheFileIsDeleted() async throws {
    let tensors = ["w": SafeTensorsEntry(shape: [3], scalars: [1, -2, 3.5])]
    let file: SafeTensorsFile = try withTemporaryDirectory { directory in
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensorsFile.write(tensors, to: url)
        return try SafeTensorsFile(contentsOf: url)
    }  // the directory and file are removed here
    let copy = file
    let decoded = try await Task.detached { try copy.entry(named: "w").scalars }.value  // Sendable across tasks
    #expect(decoded == [1, -2, 3.5])
    #expect(file.tensors == tensors)
}
