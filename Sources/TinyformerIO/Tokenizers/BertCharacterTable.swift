// Hugging Face tokenizers' per-code-point BERT data (BertUnicodeData.swift), parsed once into a
// two-stage lookup table of flags plus the decomposition, combining-class and lowercase maps.

/// The parsed tables: `rawFlags(of:)` is two array reads; the maps are consulted only for code points
/// whose flags say they have an entry.
struct BertCharacterTable: Sendable {
    /// The tables, built on first use.
    static let shared = BertCharacterTable()

    static let hangulBase: UInt32 = 0xAC00
    static let hangulCount: UInt32 = 11_172
    private static let blockShift: UInt32 = 8
    private static let blockSize = 1 << 8

    /// Block number of each 256-code-point block (0x1100 blocks cover U+0000...U+10FFFF).
    private let blockIndex: [UInt16]
    /// The distinct blocks of flags, `blockSize` entries each.
    private let blocks: [UInt16]
    /// Full canonical decompositions (Hangul syllables are decomposed algorithmically).
    let decompositions: [UInt32: [UInt32]]
    /// Nonzero canonical combining classes.
    let combiningClasses: [UInt32: UInt8]
    /// Lowercase mappings that differ from the code point (possibly several code points).
    let lowercaseMappings: [UInt32: [UInt32]]
    /// Items of the data that did not parse (0 unless BertUnicodeData.swift was damaged; tested).
    let malformedItemCount: Int

    init() {
        var malformed = 0
        // Each flag as inclusive code point ranges; the maps' keys become one-point ranges.
        var ranges: [(range: ClosedRange<UInt32>, flag: BertCharacterFlags)] = []
        func mark(_ text: String, _ flag: BertCharacterFlags) {
            for item in text.split(whereSeparator: \.isWhitespace) {
                guard let range = Self.parseRange(item) else { malformed += 1; continue }
                ranges.append((range, flag))
            }
        }
        func parseMap(_ text: String) -> [UInt32: [UInt32]] {
            var map: [UInt32: [UInt32]] = [:]
            for item in text.split(whereSeparator: \.isWhitespace) {
                let parts = item.split(separator: ":")
                guard parts.count == 2, let key = UInt32(parts[0], radix: 16), key < 0x110000 else {
                    malformed += 1; continue
                }
                let fields = parts[1].split(separator: ",")
                let values = fields.compactMap { UInt32($0, radix: 16) }
                guard !values.isEmpty, values.count == fields.count else { malformed += 1; continue }
                map[key] = values
            }
            return map
        }
        mark(BertUnicodeData.dropped, .dropped)
        mark(BertUnicodeData.cleanSpace, .cleanSpace)
        mark(BertUnicodeData.whitespace, .whitespace)
        mark(BertUnicodeData.chinese, .chinese)
        mark(BertUnicodeData.punctuation, .punctuation)
        mark(BertUnicodeData.nonspacingMarks, .nonspacingMark)

        let decompositions = parseMap(BertUnicodeData.decompositions)
        ranges += decompositions.keys.map { ($0...$0, .decomposes) }
        ranges.append((Self.hangulBase...(Self.hangulBase + Self.hangulCount - 1), .decomposes))
        var combiningClasses: [UInt32: UInt8] = [:]
        for (c, values) in parseMap(BertUnicodeData.combiningClasses) {
            guard values.count == 1, let value = UInt8(exactly: values[0]), value > 0 else { malformed += 1; continue }
            combiningClasses[c] = value
            ranges.append((c...c, .combining))
        }
        let lowercaseMappings = parseMap(BertUnicodeData.lowercase)
        ranges += lowercaseMappings.keys.map { ($0...$0, .lowercases) }

        (blockIndex, blocks) = Self.blocks(of: Self.segments(of: ranges))
        self.decompositions = decompositions
        self.combiningClasses = combiningClasses
        self.lowercaseMappings = lowercaseMappings
        self.malformedItemCount = malformed
    }

    /// The flags as a step function: each segment holds from its `start` to the next one's; the
    /// first starts at 0.
    private static func segments(
        of ranges: [(range: ClosedRange<UInt32>, flag: BertCharacterFlags)]
    ) -> [(start: UInt32, flags: UInt16)] {
        // +1 of a flag at each range's start, -1 after its end; counts per bit allow overlaps.
        var events: [(position: UInt32, bit: Int, delta: Int)] = []
        for (range, flag) in ranges {
            let bit = flag.rawValue.trailingZeroBitCount
            events.append((range.lowerBound, bit, 1))
            events.append((range.upperBound + 1, bit, -1))
        }
        events.sort { $0.position < $1.position }
        var counts = [Int](repeating: 0, count: 16)
        var segments: [(start: UInt32, flags: UInt16)] = [(0, 0)]
        var e = 0
        while e < events.count {
            let position = events[e].position
            while e < events.count, events[e].position == position {
                counts[events[e].bit] += events[e].delta
                e += 1
            }
            var flags: UInt16 = 0
            for bit in 0..<16 where counts[bit] > 0 { flags |= 1 << UInt16(bit) }
            if segments[segments.count - 1].start == position {
                segments[segments.count - 1].flags = flags
            } else if segments[segments.count - 1].flags != flags {
                segments.append((position, flags))
            }
        }
        return segments
    }

    /// The two-stage table of a step function: blocks with one value throughout are shared.
    private static func blocks(of segments: [(start: UInt32, flags: UInt16)]) -> (index: [UInt16], blocks: [UInt16]) {
        var index: [UInt16] = []
        var blocks: [UInt16] = []
        var uniform: [UInt16: UInt16] = [:]  // flags → number of the block holding only them
        var s = 0
        for block in 0..<(0x110000 >> blockShift) {
            let low = UInt32(block) << blockShift
            let high = low + UInt32(blockSize)
            while s + 1 < segments.count, segments[s + 1].start <= low { s += 1 }
            let number = UInt16(blocks.count / blockSize)
            if s + 1 == segments.count || segments[s + 1].start >= high {
                let flags = segments[s].flags
                if let shared = uniform[flags] {
                    index.append(shared)
                } else {
                    uniform[flags] = number
                    blocks += [UInt16](repeating: flags, count: blockSize)
                    index.append(number)
                }
            } else {
                var t = s
                for c in low..<high {
                    while t + 1 < segments.count, segments[t + 1].start <= c { t += 1 }
                    blocks.append(segments[t].flags)
                }
                index.append(number)
            }
        }
        return (index, blocks)
    }

    /// The `BertCharacterFlags` raw value of code point `c` (0 above U+10FFFF). Raw bits rather
    /// than the option set keep the hot loops fast in unoptimized builds too.
    @inline(__always)
    func rawFlags(of c: UInt32) -> UInt16 {
        guard c < 0x110000 else { return 0 }
        let block = Int(blockIndex[Int(c >> 8)])
        return blocks[block << 8 | Int(c & 0xFF)]
    }

    /// Appends the full canonical decomposition of `c` (itself when it has none) to `output`.
    func appendDecomposition(of c: UInt32, to output: inout [UInt32]) {
        if c >= Self.hangulBase, c < Self.hangulBase + Self.hangulCount {
            let index = c - Self.hangulBase
            output.append(0x1100 + index / 588)
            output.append(0x1161 + (index % 588) / 28)
            if index % 28 != 0 { output.append(0x11A7 + index % 28) }
        } else if let decomposition = decompositions[c] {
            output += decomposition
        } else {
            output.append(c)
        }
    }

    /// `first-last` or a single code point, in hexadecimal.
    private static func parseRange(_ item: Substring) -> ClosedRange<UInt32>? {
        let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 1 || bounds.count == 2,
              let first = UInt32(bounds[0], radix: 16),
              let last = UInt32(bounds[bounds.count - 1], radix: 16),
              first <= last, last < 0x110000 else { return nil }
        return first...last
    }
}
