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

    /// Converts `count` little-endian elements starting at byte `offset` of `bytes` to `Float`.
    /// The caller has checked that the range lies inside `bytes` and that `isDecodable` holds;
    /// an undecodable dtype yields nil.
    func decode(_ bytes: UnsafeRawBufferPointer, offset: Int, count: Int) -> [Float]? {
        guard isDecodable else { return nil }
        let width = bitWidth / 8
        #if _endian(little)
        if self == .f32 {  // already the in-memory layout: one copy
            return [Float](unsafeUninitializedCapacity: count) { out, initialized in
                UnsafeMutableRawBufferPointer(out).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4 * count)]))
                initialized = count
            }
        }
        #endif
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                let at = offset + i * width
                out[i] = decodeElement(bytes, at: at)
            }
            initialized = count
        }
    }

    /// One element at byte offset `at`; only called for decodable dtypes.
    @inline(__always)
    private func decodeElement(_ bytes: UnsafeRawBufferPointer, at: Int) -> Float {
        switch self {
        case .f32: return Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        case .f16: return Self.float(fromHalfBits: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
        case .bf16: return Self.float(fromBFloat16Bits: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
        case .f64:
            return Float(Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))))
        case .bool: return bytes[at] == 0 ? 0 : 1
        case .u8: return Float(bytes[at])
        case .i8: return Float(Int8(bitPattern: bytes[at]))
        case .u16: return Float(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
        case .i16: return Float(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int16.self)))
        case .u32: return Float(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        case .i32: return Float(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)))
        case .u64: return Float(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
        case .i64: return Float(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int64.self)))
        case .f4, .f6E2M3, .f6E3M2, .f8E5M2, .f8E4M3, .f8E8M0, .c64: return .nan
        }
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
