import ArgumentParser
import Foundation
import TinyformerIO

/// The one way every Tinyformer executable starts, reports errors and exits:
///
///     @main struct NMTTool: ParsableCommand {
///         static func main() { CommandLineTool.main(Self.self, warnings: ThreadEnvironment.warnings()) }
///     }
///
/// - Help and `--version` go to standard output, exit 0.
/// - Command-line mistakes print "Error: …" to standard error, exit 64: argument-parser errors
///   and `ValidationError` with the usage, `CLIError.usage` (which names the flag) without.
/// - Any other error (the library's typed errors, `CLIError.failure`) prints "Error: " and its
///   description, exit 1; Foundation file errors are turned into the file and a plain reason.
/// - Every message passes through `TerminalText.escaped`, so no control character from a flag,
///   a file name or a file's contents reaches the terminal raw.
public enum CommandLineTool {
    /// Parses the command line, prints `warnings` (computed only when a command is about to
    /// run, not for `--help`), runs the command and exits with `ExitStatus`.
    public static func main<Root: ParsableCommand>(_ root: Root.Type, arguments: [String]? = nil,
                                                   warnings: @autoclosure () -> [String] = []) -> Never {
        var command: any ParsableCommand
        do {
            command = try root.parseAsRoot(arguments)
        } catch {
            exit(report(error, root: root))
        }
        for warning in warnings() { Console.warning(warning) }
        do {
            try command.run()
        } catch {
            exit(report(error, root: root))
        }
        exit(ExitStatus.success.rawValue)
    }

    /// Prints `error` as described above and returns the exit status.
    static func report<Root: ParsableCommand>(_ error: any Error, root: Root.Type) -> Int32 {
        let (message, status) = describe(error, root: root)
        if status == ExitStatus.success.rawValue {
            Console.write(TerminalText.escaped(message, keepingLineBreaks: true) + "\n", to: .standardOutput)
        } else {
            Console.write(TerminalText.escaped(message, keepingLineBreaks: true) + "\n", to: .standardError)
        }
        return status
    }

    /// The message and exit status for `error`.
    static func describe<Root: ParsableCommand>(_ error: any Error, root: Root.Type) -> (String, Int32) {
        if let error = error as? CLIError { return ("Error: \(error.description)", error.exitStatus.rawValue) }
        if isArgumentParserError(error) {
            let status = root.exitCode(for: error).rawValue
            let message = root.fullMessage(for: error)
            return (message, status == ExitStatus.success.rawValue || status == ExitStatus.usage.rawValue ? status : ExitStatus.usage.rawValue)
        }
        return ("Error: \(message(for: error))", ExitStatus.failure.rawValue)
    }

    /// A one-line description of a run-time error: the library's typed errors describe
    /// themselves; Foundation's file errors become "<path>: <reason>".
    public static func message(for error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            let reason = SystemErrorReason.describe(error)
            return SystemErrorReason.path(of: error).map { "\($0): \(reason)" } ?? reason
        }
        return String(describing: error)
    }

    /// Errors of swift-argument-parser itself (parse errors, `ValidationError`, `CleanExit`,
    /// `ExitCode`), which it formats with the command's usage.
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
