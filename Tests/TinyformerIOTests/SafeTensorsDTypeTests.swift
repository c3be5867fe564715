// Decoding of F16, BF16 and the other accepted dtypes to Float32, from hand-built bytes.
import Foundation
import Testing
import TinyformerIO

/// A one-tensor file named "t" with the given dtype, shape and raw data.
private func singleTensorFile(dtype: String, shape: [Int], data: [UInt8]) -> [UInt8] {
    let shapeText = shape.map(String.init).joined(separator: ",")
    return makeFile(
        header: #"{"t":{"dtype":"\#(dtype)","shape":[\#(shapeText)],"data_offsets":[0,\#(data.count)]}}"#, buffer: data)
}

@Test func f16BitsDecodeToExactFloat32Values() {
    let cases: [(UInt16, Float)] = [
        (0x3C00, 1.0), (0xC100, -2.5), (0x7BFF, 65504), (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24),
        (0x0400, 0x1p-14), (0x3555, 0.333251953125), (0x7C00, .infinity), (0xFC00, -.infinity), (0x0000, 0),
    ]
    for (bits, expected) in cases {
        let value = SafeTensorsDType.float(fromHalfBits: bits)
        #expect(value.bitPattern == expected.bitPattern, "F16 0x\(String(bits, radix: 16)) gave \(value), expected \(expected)")
    }
    #expect(SafeTensorsDType.float(fromHalfBits: 0x8000).bitPattern == (-0.0 as Float).bitPattern)
    #expect(SafeTensorsDType.float(fromHalfBits: 0x8001) == -0x1p-24)
    #expect(SafeTensorsDType.float(fromHalfBits: 0x7E00).isNaN)
    #expect(SafeTensorsDType.float(fromHalfBits: 0x7E00).bitPattern == 0x7FC0_0000)
    #expect(SafeTensorsDType.float(fromHalfBits: 0xFE00).isNaN && SafeTensorsDType.float(fromHalfBits: 0xFE00).sign == .minus)
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
@Test func f16DecodingAgreesWithSwiftFloat16ForAllBitPatterns() {
    var mismatches = 0
    for bits in 0...UInt16.max {
        let ours = SafeTensorsDType.float(fromHalfBits: bits)
        let reference = Float(Float16(bitPattern: bits))
        let same = reference.isNaN ? (ours.isNaN && ours.sign == reference.sign) : ours.bitPattern == reference.bitPattern
        if !same {
            if mismatches == 0 { Issue.record("F16 0x\(String(bits, radix: 16)): ours \(ours), Float16 \(reference)") }
            mismatches += 1
        }
    }
    #expect(mismatches == 0)
}
#endif

@Test func bf16BitsDecodeToExactFloat32Values() {
    let cases: [(UInt16, Float)] = [
        (0x4049, 3.140625), (0xBF80, -1.0), (0x3F80, 1.0), (0x3DCD, 0.10009765625), (0x7F7F, 3.3895313892515355e38),
        (0x0001, 0x1p-133), (0x7F80, .infinity), (0xFF80, -.infinity), (0x8000, -0.0),
    ]
    for (bits, expected) in cases {
        let value = SafeTensorsDType.float(fromBFloat16Bits: bits)
        #expect(value.bitPattern == expected.bitPattern, "BF16 0x\(String(bits, radix: 16)) gave \(value), expected \(expected)")
    }
    #expect(SafeTensorsDType.float(fromBFloat16Bits: 0x7FC0).isNaN)
}

@Test func f16TensorIsReadFromHandBuiltFile() throws {
    let bits: [UInt16] = [0x3C00, 0xC100, 0x7BFF, 0x0001, 0x7C00, 0x7E00]
    let file = try SafeTensorsFile(bytes: singleTensorFile(dtype: "F16", shape: [2, 3], data: u16Bytes(bits)))
    let entry = try file.tensor(named: "t")
    #expect(entry.shape == [2, 3])
    #expect(entry.sourceDType == .f16)
    #expect(Array(entry.scalars[0..<5]) == [1.0, -2.5, 65504, 0x1p-24, .infinity])
    #expect(entry.scalars[5].isNaN)
}

@Test func bf16TensorIsReadFromHandBuiltFile() throws {
    let file = try SafeTensorsFile(bytes: singleTensorFile(dtype: "BF16", shape: [3], data: u16Bytes([0x4049, 0xBF80, 0x0001])))
    let entry = try file.tensor(named: "t")
    #expect(entry.sourceDType == .bf16)
    #expect(entry.scalars == [3.140625, -1.0, 0x1p-133])
}

@Test func f32TensorAtUnalignedOffsetIsRead() throws {
    // data_offsets [1, 9] put the floats at an odd address inside the buffer.
    let buffer = [0xAA] + f32Bytes([1.5, -7.25])
    let bytes = makeFile(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[1,9]}}"#, buffer: buffer)
    #expect(try SafeTensorsFile(bytes: bytes).tensor(named: "t").scalars == [1.5, -7.25])
}

@Test func f64AndIntegerTensorsAreConvertedToFloat() throws {
    let f64: [UInt8] = [1.5, -1e300, 0.1].flatMap { (v: Double) in (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt64($0))) } }
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "F64", shape: [3], data: f64)).tensor(named: "t").scalars
        == [1.5, -.infinity, Float(0.1)])
    let i32: [UInt8] = [Int32(-3), 16_777_217, .max].flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * Int32($0))) } }
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "I32", shape: [3], data: i32)).tensor(named: "t").scalars
        == [-3, 16_777_216, 2_147_483_648])
    let i64: [UInt8] = [Int64(-1), Int64.min].flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * Int64($0))) } }
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "I64", shape: [2], data: i64)).tensor(named: "t").scalars
        == [-1, -9_223_372_036_854_775_808])
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "U8", shape: [3], data: [0, 7, 255])).tensor(named: "t").scalars
        == [0, 7, 255])
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "I8", shape: [2], data: [0xFF, 0x80])).tensor(named: "t").scalars
        == [-1, -128])
    #expect(try SafeTensorsFile(bytes: singleTensorFile(dtype: "BOOL", shape: [3], data: [0, 1, 2])).tensor(named: "t").scalars
        == [0, 1, 1])
}

@Test func dtypeSizesMatchTheSafetensorsSpecification() {
    let bits: [SafeTensorsDType: Int] = [
        .bool: 8, .u8: 8, .i8: 8, .f8E4M3: 8, .f8E5M2: 8, .f8E8M0: 8, .i16: 16, .u16: 16, .f16: 16, .bf16: 16,
        .i32: 32, .u32: 32, .f32: 32, .f64: 64, .i64: 64, .u64: 64, .c64: 64, .f4: 4, .f6E2M3: 6, .f6E3M2: 6,
    ]
    #expect(bits.count == SafeTensorsDType.allCases.count)
    for dtype in SafeTensorsDType.allCases { #expect(dtype.bitWidth == bits[dtype], "\(dtype.rawValue)") }
}
