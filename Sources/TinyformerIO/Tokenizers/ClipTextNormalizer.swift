// The text clean-up of Hugging Face's slow CLIPTokenizer when ftfy is not installed: its
// `BasicTokenizer(strip_accents=False, do_split_on_punc=False)`, then `" ".join(tokens)`.
import Foundation

/// Cleans and lower-cases text the way Hugging Face's slow `CLIPTokenizer` does without ftfy:
///
/// 1. drop NUL, U+FFFD and every character of a `C*` category (controls, format characters such
///    as the zero-width joiner and soft hyphen, private use, unassigned) except tab, newline and
///    carriage return; turn those three and every `Zs` space into a space;
/// 2. put spaces around CJK ideographs (so each becomes a word of its own);
/// 3. NFC-normalise;
/// 4. split on whitespace (Python's `str.split()`), lower-case each piece with Python's
///    `str.lower()` (full case mapping, including the final-sigma rule), join with single spaces.
///
/// HTML entities are not unescaped and accents are kept. Character properties come from Swift's
/// Unicode tables; Python 3.11's are Unicode 14, so characters assigned later (new emoji) can
/// differ: Python drops them as unassigned.
enum ClipTextNormalizer {
    static func normalize(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 }) ? normalizeASCII(text) : normalizeUnicode(text)
    }

    /// `normalize` for any text.
    static func normalizeUnicode(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD { continue }
            if value == 0x09 || value == 0x0A || value == 0x0D || scalar.properties.generalCategory == .spaceSeparator {
                cleaned.append(" ")
                continue
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned: continue
            default: break
            }
            if isCJKIdeograph(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        let composed = String(cleaned).precomposedStringWithCanonicalMapping
        var words: [String] = []
        var word: [Unicode.Scalar] = []
        for scalar in composed.unicodeScalars {
            if isPythonWhitespace(scalar.value) {
                if !word.isEmpty { words.append(pythonLowercased(word)) }
                word.removeAll(keepingCapacity: true)
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(pythonLowercased(word)) }
        return words.joined(separator: " ")
    }

    /// `normalize` for ASCII text, where the steps reduce to byte rules: controls other than tab,
    /// newline and carriage return are dropped (category Cc), those three and the space separate
    /// words, NFC changes nothing, and lower-casing is A–Z → a–z.
    static func normalizeASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case 0x09, 0x0A, 0x0D, 0x20:
                pendingSpace = !out.isEmpty
            case 0x00...0x1F, 0x7F:
                continue
            default:
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// BERT's CJK ranges (Unified Ideographs, Extensions A–E, Compatibility Ideographs and Supplement).
    static func isCJKIdeograph(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }

    /// Python's `str.isspace()`: bidirectional class WS, B or S, or category Zs.
    static func isPythonWhitespace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's `str.lower()`: each scalar's full lowercase mapping, except that capital sigma
    /// becomes final sigma (ς) after a cased letter (skipping case-ignorable ones) when no cased
    /// letter follows (again skipping case-ignorable ones).
    static func pythonLowercased(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if scalar.value == 0x03A3 {
                out.append(isFinalSigma(scalars, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else if scalar.value < 0x80 {
                out.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    private static func isFinalSigma(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0, s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, s[j].properties.isCased else { return false }
        j = i + 1
        while j < s.count, s[j].properties.isCaseIgnorable { j += 1 }
        return j == s.count || !s[j].properties.isCased
    }
}
