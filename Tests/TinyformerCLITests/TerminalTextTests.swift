import Testing
@testable import TinyformerCLI

@Suite struct TerminalTextTests {
    @Test func escapeAndOscSequencesAreShownEscaped() {
        #expect(TerminalText.escaped("a\u{1B}]0;pwned\u{07}b") == "a\\u{1b}]0;pwned\\u{7}b")
    }

    @Test func c1ControlsAndDeleteAreEscaped() {
        #expect(TerminalText.escaped("x\u{9B}31m\u{7F}") == "x\\u{9b}31m\\u{7f}")
    }

    @Test func bidirectionalOverridesAreEscaped() {
        #expect(TerminalText.escaped("abc\u{202E}fed") == "abc\\u{202e}fed")
    }

    @Test func lineBreaksStayOnlyWhenAsked() {
        #expect(TerminalText.escaped("a\nb\tc") == "a\\u{a}b\\u{9}c")
        #expect(TerminalText.escaped("a\nb\tc\r", keepingLineBreaks: true) == "a\nb\tc\\u{d}")
    }

    @Test func plainTextIsUnchanged() {
        let text = "ethay airway — ünïcödé 漢字 🙂"
        #expect(TerminalText.escaped(text) == text)
    }
}
