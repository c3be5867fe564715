import Foundation
import TinyformerIO

/// Validation of path flags, run before any long work so that a typo costs seconds, not the
/// hour a benchmark or training run takes before it writes. Each check returns the flag's URL
/// or throws `CLIError.usage` naming the flag, the path and what is wrong.
///
/// - `inputFile`: an existing, readable regular file (not a folder, device, pipe or socket).
/// - `inputFolder`: an existing, readable folder.
/// - `outputFile`: not a folder, device or pipe; its folder exists and is writable.
/// - `outputFolder`: a writable folder, or a path whose nearest existing ancestor is a writable
///   folder (the missing folders are created when the work writes).
public enum PathFlag {
    public static func inputFile(_ value: String, flag: String) throws(CLIError) -> URL {
        let url = try nonEmpty(value, flag)
        do {
            try InputFile.check(url)
        } catch {
            throw .usage("\(flag) \(value): \(error.reason)")
        }
        return url
    }

    public static func inputFolder(_ value: String, flag: String) throws(CLIError) -> URL {
        let url = try nonEmpty(value, flag)
        switch kind(url.path) {
        case .missing: throw .usage("\(flag) \(value): no such folder")
        case .folder: break
        case .file: throw .usage("\(flag) \(value): is a file, not a folder")
        case let .special(description): throw .usage("\(flag) \(value): \(description)")
        }
        guard access(url.path, R_OK | X_OK) == 0 else {
            throw .usage("\(flag) \(value): \(InputFile.reason(errno: errno))")
        }
        return url
    }

    public static func outputFile(_ value: String, flag: String) throws(CLIError) -> URL {
        let url = try nonEmpty(value, flag)
        guard !value.hasSuffix("/") else { throw .usage("\(flag) \(value): names a folder; give a file name") }
        switch kind(url.path) {
        case .missing, .file: break
        case .folder: throw .usage("\(flag) \(value): is a folder; give a file name")
        case let .special(description): throw .usage("\(flag) \(value): \(description); it is not replaced")
        }
        let parent = url.deletingLastPathComponent()
        switch kind(parent.path) {
        case .missing: throw .usage("\(flag) \(value): the folder \(parent.path) does not exist")
        case .folder: break
        case .file, .special: throw .usage("\(flag) \(value): \(parent.path) is not a folder")
        }
        try writable(parent, flag, value)
        return url
    }

    public static func outputFolder(_ value: String, flag: String) throws(CLIError) -> URL {
        let url = try nonEmpty(value, flag)
        var ancestor = url
        while true {
            switch kind(ancestor.path) {
            case .folder:
                try writable(ancestor, flag, value)
                return url
            case .file, .special:
                throw .usage(ancestor == url ? "\(flag) \(value): exists and is not a folder"
                                             : "\(flag) \(value): \(ancestor.path) is not a folder")
            case .missing:
                let parent = ancestor.deletingLastPathComponent()
                guard parent.path != ancestor.path else { throw .usage("\(flag) \(value): no existing folder above it") }
                ancestor = parent
            }
        }
    }

    // MARK: - Checks

    private enum Kind: Equatable { case missing, folder, file, special(String) }

    /// What is at `path` (following symbolic links).
    private static func kind(_ path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        if (status.st_mode & S_IFMT) == S_IFDIR { return .folder }
        return InputFile.nonRegularKind(status.st_mode).map { .special($0) } ?? .file
    }

    private static func nonEmpty(_ value: String, _ flag: String) throws(CLIError) -> URL {
        guard !value.isEmpty else { throw .usage("\(flag): the path is empty") }
        return URL(fileURLWithPath: value).standardizedFileURL
    }

    private static func writable(_ folder: URL, _ flag: String, _ value: String) throws(CLIError) {
        guard access(folder.path, W_OK | X_OK) == 0 else {
            throw .usage("\(flag) \(value): cannot write into \(folder.path): \(InputFile.reason(errno: errno))")
        }
    }
}
