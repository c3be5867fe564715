import Foundation

/// Progress of long work: on a terminal, a bar redrawn in place (`\r`); otherwise (logs, CI,
/// pipes) plain lines at most every 10 % so the output stays readable.
public final class ProgressReporter {
    public let total: Int
    public let label: String
    private let isTerminal: Bool
    private let output: (String) -> Void
    private var lastReportedTenth = -1
    private let start = Date()

    /// - Parameters:
    ///   - isTerminal: draw a bar; defaults to whether standard output is a TTY.
    ///   - output: where text goes (standard output by default; tests capture it).
    public init(total: Int, label: String, isTerminal: Bool = isatty(STDOUT_FILENO) == 1,
                output: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.total = max(total, 1)
        self.label = label
        self.isTerminal = isTerminal
        self.output = output
    }

    /// Reports that `done` of `total` units are finished, with an optional status (e.g. the loss).
    public func update(_ done: Int, status: String = "") {
        let fraction = min(1, Double(done) / Double(total))
        if isTerminal {
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            output("\r\(label) [\(bar)] \(done)/\(total) \(status)\u{1B}[K")
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastReportedTenth else { return }
            lastReportedTenth = tenth
            output("\(label) \(done)/\(total) (\(tenth * 10) %) \(status)\n")
        }
    }

    /// Ends the bar with a final line.
    public func finish(_ message: String) {
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        output(isTerminal ? "\r\(label) \(message) (\(seconds) s)\u{1B}[K\n" : "\(label) \(message) (\(seconds) s)\n")
    }
}
