import Foundation

/// Where an executable's text goes: results on standard output, warnings and progress on
/// standard error, every line passed through `TerminalText.escaped` first.
public enum Console {
    /// Results on standard output, followed by `terminator`.
    public static func output(_ text: String, terminator: String = "\n") {
        write(TerminalText.escaped(text, keepingLineBreaks: true) + terminator, to: .standardOutput)
    }

    /// "warning: …" on standard error.
    public static func warning(_ message: String) {
        write("warning: " + TerminalText.escaped(message, keepingLineBreaks: true) + "\n", to: .standardError)
    }

    /// A progress or status line on standard error (standard output carries the results).
    @Sendable public static func progress(_ line: String) {
        write(TerminalText.escaped(line, keepingLineBreaks: true) + "\n", to: .standardError)
    }

    /// Writes unbuffered, so that lines on both streams keep their order.
    static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
