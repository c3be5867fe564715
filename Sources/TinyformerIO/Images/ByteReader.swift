// A bounds-checked cursor for walking image containers (ImageStructure).

/// A bounds-checked cursor over bytes: every read returns nil (and reads nothing) past the end.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    var count: Int { bytes.count }

    func peek(at index: Int) -> UInt8? { index >= 0 && index < bytes.count ? bytes[index] : nil }
    func peek() -> UInt8? { peek(at: offset) }

    mutating func byte() -> UInt8? {
        guard let b = peek() else { return nil }
        offset += 1
        return b
    }

    mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= bytes.count - offset else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// Moves `n` bytes on; false (and stays) if fewer are left.
    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, n <= bytes.count - offset else { return false }
        offset += n
        return true
    }

    /// Moves to the next `value` at or after the cursor; false (cursor at the end) if there is none.
    mutating func skip(to value: UInt8) -> Bool {
        while offset < bytes.count {
            if bytes[offset] == value { return true }
            offset += 1
        }
        return false
    }

    /// GIF data sub-blocks: size byte, data, …, until a zero size.
    mutating func skipSubBlocks() -> Bool {
        while let size = byte() {
            if size == 0 { return true }
            guard skip(Int(size)) else { return false }
        }
        return false
    }

    func peekU16BE(at i: Int) -> UInt16? {
        guard let a = peek(at: i), let b = peek(at: i + 1) else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }

    func peekU16LE(at i: Int) -> UInt16? {
        guard let a = peek(at: i), let b = peek(at: i + 1) else { return nil }
        return UInt16(b) << 8 | UInt16(a)
    }

    func peekU32BE(at i: Int) -> UInt32? {
        guard let hi = peekU16BE(at: i), let lo = peekU16BE(at: i + 2) else { return nil }
        return UInt32(hi) << 16 | UInt32(lo)
    }

    func peekU32LE(at i: Int) -> UInt32? {
        guard let lo = peekU16LE(at: i), let hi = peekU16LE(at: i + 2) else { return nil }
        return UInt32(hi) << 16 | UInt32(lo)
    }

    mutating func u16BE() -> UInt16? {
        guard let v = peekU16BE(at: offset) else { return nil }
        offset += 2
        return v
    }

    mutating func u16LE() -> UInt16? {
        guard let v = peekU16LE(at: offset) else { return nil }
        offset += 2
        return v
    }

    mutating func u32BE() -> UInt32? {
        guard let v = peekU32BE(at: offset) else { return nil }
        offset += 4
        return v
    }
}
