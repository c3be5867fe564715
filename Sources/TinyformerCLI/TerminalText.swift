/// Text made safe for a terminal. Input (words, file names, file contents) may hold control
/// characters; written raw, ESC and OSC sequences recolour, retitle or rewrite the terminal, and
/// bidirectional overrides reorder what is shown. Every such character is shown escaped instead,
/// as `\u{1b}`.
public enum TerminalText {
    /// `text` with every control character (C0, DEL, C1) and bidirectional formatting character
    /// escaped; with `keepingLineBreaks`, "\n" and "\t" stay (for multi-line messages).
    public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLineBreaks) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepingLineBreaks) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether `scalar` must not reach a terminal raw.
    static func needsEscape(_ scalar: Unicode.Scalar, _ keepingLineBreaks: Bool) -> Bool {
        if keepingLineBreaks, scalar == "\n" || scalar == "\t" { return false }
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true  // C0, DEL, C1 (CSI 0x9B, OSC 0x9D)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi marks, embeddings, overrides, isolates
        default: return false
        }
    }
}
