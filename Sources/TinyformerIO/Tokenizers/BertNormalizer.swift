// BERT's text normalization, as Hugging Face tokenizers' `BertNormalizer` does it.

/// The normalization step of BERT tokenization, equal to Hugging Face `tokenizers`' `BertNormalizer`
/// code point for code point. In order:
///
/// 1. clean text: drop U+0000, U+FFFD and control/format/private-use characters (Cc, Cf, Co),
///    turn tab, line feed, carriage return and every other whitespace character into a space;
/// 2. Chinese characters: put a space before and after every CJK ideograph (the blocks
///    U+3400–4DBF, 4E00–9FFF, F900–FAFF, 20000–2A6DF, 2A700–2B81F, 2B920–2CEAF, 2F800–2FA1F);
/// 3. strip accents: canonical decomposition (NFD, including the reordering of marks), then
///    drop nonspacing marks (Mn);
/// 4. lowercase, one code point at a time (no context: a final capital sigma becomes σ, U+0130 İ
///    becomes "i̇" when accents are kept).
///
/// Which characters count as control, punctuation or nonspacing marks, the decompositions and the
/// lowercase mappings come from tables probed from `tokenizers` itself (`BertUnicodeData`), which
/// uses Unicode 9.0 categories: characters added since are not dropped, isolated or stripped.
/// Everything works on Unicode scalars, never on Swift `Character`s or canonical equivalence.
public struct BertNormalizer: Sendable, Equatable {
    /// Step 1 (always on in BERT tokenizers).
    public var cleanText: Bool
    /// Step 2 (`tokenize_chinese_chars`).
    public var handleChineseCharacters: Bool
    /// Step 3 (`strip_accents`).
    public var stripAccents: Bool
    /// Step 4 (`do_lower_case`).
    public var lowercase: Bool

    /// `stripAccents: nil` follows `lowercase`, as in the original BERT and Hugging Face.
    public init(lowercase: Bool = true, stripAccents: Bool? = nil, handleChineseCharacters: Bool = true,
                cleanText: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseCharacters = handleChineseCharacters
        self.stripAccents = stripAccents ?? lowercase
        self.lowercase = lowercase
    }

    /// The normalized text.
    public func normalize(_ text: String) -> String {
        var output: [UInt32] = []
        normalize(text.unicodeScalars.map(\.value)[...], into: &output)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: output.compactMap(Unicode.Scalar.init))
        return String(result)
    }

    /// Replaces `output` with the normalized code points of `codes` (Unicode scalar values).
    func normalize(_ codes: ArraySlice<UInt32>, into output: inout [UInt32]) {
        let table = BertCharacterTable.shared
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(codes.count)
        // Masks that are 0 when their step is off; raw bits keep unoptimized builds fast too.
        let dropped = cleanText ? BertCharacterFlags.dropped.rawValue : 0
        let spaced = cleanText ? BertCharacterFlags.cleanSpace.rawValue : 0
        let chinese = handleChineseCharacters ? BertCharacterFlags.chinese.rawValue : 0
        let decomposes = stripAccents ? BertCharacterFlags.decomposes.rawValue : 0
        let mark = BertCharacterFlags.combining.rawValue | BertCharacterFlags.nonspacingMark.rawValue
        // Steps 1 and 2 and the decomposition of step 3; `marks` notes whether anything of nonzero
        // combining class or Mn was seen, so that reordering and filtering can be skipped.
        var marks = false
        for c in codes {
            if c &- 0x21 < 0x5E {  // printable ASCII (U+0021...U+007E) needs no step
                output.append(c)
                continue
            }
            let flags = table.rawFlags(of: c)
            if flags & dropped != 0 { continue }
            if flags & spaced != 0 { output.append(0x20); continue }
            let isChinese = flags & chinese != 0
            if isChinese { output.append(0x20) }
            if flags & decomposes != 0 {
                let start = output.count
                table.appendDecomposition(of: c, to: &output)
                if !marks {
                    for d in output[start...] where table.rawFlags(of: d) & mark != 0 { marks = true }
                }
            } else {
                output.append(c)
                if flags & mark != 0 { marks = true }
            }
            if isChinese { output.append(0x20) }
        }
        if stripAccents, marks {
            reorderMarks(&output, table: table)
            let nonspacing = BertCharacterFlags.nonspacingMark.rawValue
            var kept = 0
            for i in output.indices where table.rawFlags(of: output[i]) & nonspacing == 0 {
                output[kept] = output[i]
                kept += 1
            }
            output.removeLast(output.count - kept)
        }
        if lowercase { lowercaseInPlace(&output, table: table) }
    }

    /// NFD's canonical ordering: every run of code points with nonzero combining class is sorted
    /// by class, stably.
    private func reorderMarks(_ codes: inout [UInt32], table: BertCharacterTable) {
        let combining = BertCharacterFlags.combining.rawValue
        func combiningClass(_ c: UInt32) -> UInt8 {
            table.rawFlags(of: c) & combining != 0 ? table.combiningClasses[c] ?? 0 : 0
        }
        var i = 0
        while i < codes.count {
            guard combiningClass(codes[i]) != 0 else { i += 1; continue }
            var end = i + 1
            while end < codes.count, combiningClass(codes[end]) != 0 { end += 1 }
            if end - i > 1 {
                // Insertion sort: runs are short and the sort must be stable.
                for j in (i + 1)..<end {
                    let c = codes[j]
                    let cc = combiningClass(c)
                    var k = j
                    while k > i, combiningClass(codes[k - 1]) > cc {
                        codes[k] = codes[k - 1]
                        k -= 1
                    }
                    codes[k] = c
                }
            }
            i = end
        }
    }

    /// Rust's `char::to_lowercase` applied to each code point.
    private func lowercaseInPlace(_ codes: inout [UInt32], table: BertCharacterTable) {
        let lowercases = BertCharacterFlags.lowercases.rawValue
        var i = 0
        while i < codes.count {
            let c = codes[i]
            if c < 0x80 {
                if c >= 0x41, c <= 0x5A { codes[i] = c + 0x20 }
                i += 1
            } else if table.rawFlags(of: c) & lowercases != 0, let mapped = table.lowercaseMappings[c] {
                if mapped.count == 1 {
                    codes[i] = mapped[0]
                } else {
                    codes.replaceSubrange(i...i, with: mapped)  // U+0130 only
                }
                i += mapped.count
            } else {
                i += 1
            }
        }
    }
}
