// GPT-2's (and CLIP's) reversible map from bytes to printable Unicode scalars.

/// The byte-level alphabet of CLIP's BPE: every byte maps to one printable scalar, so any UTF-8
/// text becomes a string of vocabulary symbols with no spaces or control characters.
///
/// Bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` map to themselves; the 68 others (controls, space, DEL,
/// NBSP, soft hyphen, …) map to U+0100, U+0101, … in increasing byte order (space → `Ġ`).
public enum ByteToUnicode {
    /// `scalars[b]` is the symbol of byte `b`.
    public static let scalars: [Unicode.Scalar] = {
        let kept = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for b in kept { table[b] = Unicode.Scalar(UInt8(b)) }
        var next = 0x100
        for b in 0..<256 where !kept.contains(b) {
            table[b] = Unicode.Scalar(UInt32(next)) ?? " "
            next += 1
        }
        return table
    }()

    /// The byte a symbol stands for, or nil if `scalar` is not one of the 256 symbols.
    public static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        inverse[scalar]
    }

    /// `bytes` as a string of symbols.
    public static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text = String.UnicodeScalarView()
        for b in bytes { text.append(scalars[Int(b)]) }
        return String(text)
    }

    private static let inverse: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (b, s) in scalars.enumerated() { map[s] = UInt8(b) }
        return map
    }()
}
