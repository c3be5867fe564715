// safetensors element types and their conversion to Float32.

/// The element types a safetensors header may name (the `"dtype"` strings of the Hugging Face
/// format). Every case can be *validated* (its size is known); `isDecodable` says which ones
/// `SafeTensorsFile` can also convert to `Float`:
///
/// - exactly: `F32`, `F16`, `BF16` (every value, including subnormals, ±inf and NaN payloads),
///   `BOOL`, `U8`, `I8`, `U16`, `I16`;
/// - rounded to the nearest `Float`: `F64`, `I32`, `U32`, `I64`, `U64` (exact up to 2^24 for integers);
/// - not at all (reading throws `.unsupportedDType`): the 4/6/8-bit float formats and `C64`.
public enum SafeTensorsDType: String, CaseIterable, Equatable, Hashable, Sendable {
    case bool = "BOOL"
    case f4 = "F4"
    case f6E2M3 = "F6_E2M3"
    case f6E3M2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8E5M2 = "F8_E5M2"
    case f8E4M3 = "F8_E4M3"
    case f8E8M0 = "F8_E8M0"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element (4 and 6 for the packed sub-byte float formats).
    public var bitWidth: Int {
        switch self {
        case .f4: return 4
        case .f6E2M3, .f6E3M2: return 6
        case .bool, .u8, .i8, .f8E5M2, .f8E4M3, .f8E8M0: return 8
        case .i16, .u16, .f16, .bf16: return 16
        case .i32, .u32, .f32: return 32
        case .c64, .f64, .i64, .u64: return 64
        }
    }

    /// Whether `SafeTensorsFile` converts this dtype to `Float` (see the type's documentation).
    public var isDecodable: Bool {
        switch self {
        case .f4, .f6E2M3, .f6E3M2, .f8E5M2, .f8E4M3, .f8E8M0, .c64: return false
        default: return true
        }
    }

    /// The number of bytes `count` elements occupy, or nil if that overflows `Int` or does not
    /// end on a byte boundary (sub-byte formats).
    func byteCount(elements count: Int) -> Int? {
        let (bits, overflow) = count.multipliedReportingOverflow(by: bitWidth)
        guard !overflow, bits % 8 == 0 else { return nil }
        return bits / 8
    }

    /// Converts `out.count` little-endian elements starting at byte `offset` of `bytes` straight
    /// into `out` (no intermediate array). The caller has checked that the range lies inside
    /// `bytes`; returns false, writing nothing, for an undecodable dtype.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, into out: UnsafeMutableBufferPointer<Float>) -> Bool {
        switch self {
        case .f32:
            #if _endian(little)  // already the in-memory layout: one copy
            if let target = out.baseAddress, let base = bytes.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: base + offset, byteCount: 4 * out.count)
            }
            #else
            Self.convert(bytes, offset, out, as: UInt32.self) { Float(bitPattern: $0) }
            #endif
        case .f16: Self.convert(bytes, offset, out, as: UInt16.self, Self.float(fromHalfBits:))
        case .bf16: Self.convert(bytes, offset, out, as: UInt16.self, Self.float(fromBFloat16Bits:))
        case .f64: Self.convert(bytes, offset, out, as: UInt64.self) { Float(Double(bitPattern: $0)) }
        case .bool: Self.convert(bytes, offset, out, as: UInt8.self) { $0 == 0 ? 0 : 1 }
        case .u8: Self.convert(bytes, offset, out, as: UInt8.self) { Float($0) }
        case .i8: Self.convert(bytes, offset, out, as: UInt8.self) { Float(Int8(bitPattern: $0)) }
        case .u16: Self.convert(bytes, offset, out, as: UInt16.self) { Float($0) }
        case .i16: Self.convert(bytes, offset, out, as: UInt16.self) { Float(Int16(bitPattern: $0)) }
        case .u32: Self.convert(bytes, offset, out, as: UInt32.self) { Float($0) }
        case .i32: Self.convert(bytes, offset, out, as: UInt32.self) { Float(Int32(bitPattern: $0)) }
        case .u64: Self.convert(bytes, offset, out, as: UInt64.self) { Float($0) }
        case .i64: Self.convert(bytes, offset, out, as: UInt64.self) { Float(Int64(bitPattern: $0)) }
        case .f4, .f6E2M3, .f6E3M2, .f8E5M2, .f8E4M3, .f8E8M0, .c64: return false
        }
        return true
    }

    /// The index of the first of `count` elements at byte `offset` whose `Float` value (as
    /// `decode` would produce it) is NaN or ±inf, or nil if all are finite. Reads the stored bits
    /// without converting or allocating; integers and booleans are always finite as `Float` (the
    /// largest, 2^64, is far below `Float.greatestFiniteMagnitude`), while an `F64` beyond the
    /// `Float` range counts, since it decodes to ±inf. Undecodable dtypes yield nil.
    func firstNonFinite(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> Int? {
        switch self {
        case .f32: return Self.firstIndex(bytes, offset, count, as: UInt32.self) { $0 & 0x7F80_0000 == 0x7F80_0000 }
        case .f16: return Self.firstIndex(bytes, offset, count, as: UInt16.self) { $0 & 0x7C00 == 0x7C00 }
        case .bf16: return Self.firstIndex(bytes, offset, count, as: UInt16.self) { $0 & 0x7F80 == 0x7F80 }
        case .f64: return Self.firstIndex(bytes, offset, count, as: UInt64.self) { !Float(Double(bitPattern: $0)).isFinite }
        default: return nil
        }
    }

    /// `out[i] = convert(element i)` for little-endian `Bits` elements from byte `offset` on.
    @inline(__always)
    private static func convert<Bits: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, _ offset: Int, _ out: UnsafeMutableBufferPointer<Float>, as _: Bits.Type,
        _ convert: (Bits) -> Float
    ) {
        let width = MemoryLayout<Bits>.size
        for i in 0..<out.count {
            out[i] = convert(Bits(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + i * width, as: Bits.self)))
        }
    }

    /// The first of `count` little-endian `Bits` elements from byte `offset` on satisfying `predicate`.
    @inline(__always)
    private static func firstIndex<Bits: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int, as _: Bits.Type, _ predicate: (Bits) -> Bool
    ) -> Int? {
        let width = MemoryLayout<Bits>.size
        for i in 0..<count
        where predicate(Bits(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + i * width, as: Bits.self))) {
            return i
        }
        return nil
    }

    /// The exact `Float` value of IEEE 754 binary16 bits: normals, subnormals, ±0, ±inf, and NaN
    /// (quiet/signalling bit and payload moved into the top of the Float32 mantissa).
    public static func float(fromHalfBits h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x03FF)
        switch exponent {
        case 0x1F:  // inf or NaN
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        case 0:  // ±0 or subnormal: mantissa × 2^-24, exact in Float32
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        default:  // rebias 15 → 127
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    /// The exact `Float` value of bfloat16 bits (the top half of a Float32).
    public static func float(fromBFloat16Bits b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
