// CLIP's word split, by hand over Unicode scalars instead of a regular expression.

/// Splits normalised text into the pieces CLIP's BPE works on, exactly as
/// `regex.findall(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", text, regex.IGNORECASE)`:
/// at each position the first alternative that matches wins, whitespace matches none and is
/// skipped.
///
/// Two details of Python's `regex` module under IGNORECASE are reproduced: `ſ` (U+017F) matches
/// the `s` of the literals (so `'ſ` is one piece), and U+0345 (combining ypogegrammeni, whose
/// case variants are letters) matches neither `[\p{L}]` nor `[^\s\p{L}\p{N}]`, so it is dropped.
enum ClipPreTokenizer {
    private static let literals: [[Unicode.Scalar]] = ["<|startoftext|>", "<|endoftext|>"].map { Array($0.unicodeScalars) }
    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    static func split(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        var pieces: [String] = []
        var i = 0
        func emit(_ end: Int) {
            if s[i..<end].allSatisfy(\.isASCII) {  // bytes straight into the string: most pieces are ASCII words
                pieces.append(String(unsafeUninitializedCapacity: end - i) { bytes in
                    for k in i..<end { bytes[k - i] = UInt8(truncatingIfNeeded: s[k].value) }
                    return end - i
                })
            } else {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: s[i..<end])
                pieces.append(String(view))
            }
            i = end
        }
        while i < s.count {
            if let literal = literals.first(where: { matches($0, in: s, at: i) }) {
                emit(i + literal.count)
            } else if s[i] == "'", let suffix = contractions.first(where: { matches($0, in: s, at: i + 1) }) {
                emit(i + 1 + suffix.count)
            } else if isLetter(s[i]) {
                var j = i + 1
                while j < s.count, isLetter(s[j]) { j += 1 }
                emit(j)
            } else if isNumber(s[i]) {
                emit(i + 1)
            } else if isOther(s[i]) {
                var j = i + 1
                while j < s.count, isOther(s[j]) { j += 1 }
                emit(j)
            } else {
                i += 1
            }
        }
        return pieces
    }

    /// Case-insensitive comparison of `pattern` (lower-case ASCII) with `s` from `start`.
    private static func matches(_ pattern: [Unicode.Scalar], in s: [Unicode.Scalar], at start: Int) -> Bool {
        guard start + pattern.count <= s.count else { return false }
        for (k, p) in pattern.enumerated() where !sameIgnoringCase(s[start + k], p) { return false }
        return true
    }

    private static func sameIgnoringCase(_ c: Unicode.Scalar, _ lower: Unicode.Scalar) -> Bool {
        if c == lower { return true }
        if c.value >= 0x41, c.value <= 0x5A { return c.value + 32 == lower.value }
        return c.value == 0x017F && lower == "s"
    }

    // ASCII is answered first: captions are mostly ASCII, and the category lookup dominated
    // tokenizing. `ClipTokenizerASCIITests` checks both paths agree on every ASCII scalar.

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        return isLetterByCategory(c)
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c.value >= 0x30 && c.value <= 0x39 }
        return isNumberByCategory(c)
    }

    static func isOther(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return !(0x09...0x0D).contains(c.value) && c.value != 0x20 && !isLetter(c) && !isNumber(c) }
        return isOtherByProperties(c)
    }

    static func isLetterByCategory(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumberByCategory(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    static func isOtherByProperties(_ c: Unicode.Scalar) -> Bool {
        !c.properties.isWhitespace && !isLetterByCategory(c) && !isNumberByCategory(c) && c.value != 0x0345
    }
}
