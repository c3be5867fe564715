import Foundation

/// How a run may use its folder.
public enum RunFolderMode: String, Sendable, Equatable {
    /// A new run: the folder must not exist or be empty.
    case new
    /// Continue the run already in the folder (it must hold one).
    case resume
    /// A new run that deletes what the folder holds (asked for explicitly: `--overwrite`); only a
    /// folder that holds a run (its marker file) or nothing is replaced.
    case overwrite
}

/// Errors about run folders, naming the folder and what to do.
public enum RunFolderError: Error, Equatable, CustomStringConvertible, Sendable {
    case emptyPath(flag: String)
    case notEmpty(path: String)
    case noRun(path: String, reason: String)
    case notADirectory(path: String)
    case cannotPrepare(path: String, reason: String)

    public var description: String {
        switch self {
        case let .emptyPath(flag): return "\(flag): the path is empty"
        case let .notEmpty(path):
            return "\(path) already holds files; pass --resume to continue the run there, or --overwrite to replace it"
        case let .noRun(path, reason): return "\(path): \(reason)"
        case let .notADirectory(path): return "\(path) exists and is not a folder"
        case let .cannotPrepare(path, reason): return "cannot prepare \(path): \(reason)"
        }
    }
}

/// A training run's folder, owned by the run: a new run never writes into a folder that already
/// holds files unless told to replace them, and a resumed run requires the run to be there.
/// Opening a folder removes the temporary files an interrupted atomic write left behind: those
/// of a process of this host that is gone, and those written before temporary names carried
/// their writer (which the run that owns the folder alone could have written).
public struct RunFolder: Sendable, Equatable {
    public let url: URL

    /// Takes the folder at `url` for a run in `mode`, creating it when needed.
    /// - Parameter marker: a file every run of this kind writes first (e.g. `config.json`); a
    ///   folder to resume must hold it.
    /// - Throws: `RunFolderError`.
    public init(_ url: URL, mode: RunFolderMode, marker: String) throws(RunFolderError) {
        self.url = url
        let path = url.path
        try Self.check(url, mode: mode, marker: marker)
        let manager = FileManager.default
        if mode == .overwrite {
            for entry in Self.entries(url) {
                do {
                    try manager.removeItem(at: url.appendingPathComponent(entry))
                } catch {
                    throw .cannotPrepare(path: path, reason: "cannot remove \(entry): \(SystemErrorReason.describe(error))")
                }
            }
        }
        do {
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw .cannotPrepare(path: path, reason: SystemErrorReason.describe(error))
        }
        for entry in Self.entries(url) where AtomicFile.isAbandoned(entry) || AtomicFile.isWriterless(entry) {
            try? manager.removeItem(at: url.appendingPathComponent(entry))
        }
    }

    /// Checks, without creating or changing anything, that a run in `mode` may take the folder
    /// at `url`: what `init` checks first. Work that fills several run folders checks them all
    /// before the first run starts.
    /// - Throws: `RunFolderError`.
    public static func check(_ url: URL, mode: RunFolderMode, marker: String) throws(RunFolderError) {
        let path = url.path
        guard !path.isEmpty, !url.relativePath.isEmpty else { throw .emptyPath(flag: "run folder") }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw .notADirectory(path: path) }
        switch mode {
        case .resume:
            guard exists, manager.fileExists(atPath: url.appendingPathComponent(marker).path) else {
                throw .noRun(path: path, reason: "nothing to resume here (no \(marker))")
            }
        case .new:
            if exists, !entries(url).allSatisfy(isLeftover) { throw .notEmpty(path: path) }
        case .overwrite:
            // Only a run is replaced: `--out . --overwrite` must not empty a project folder.
            if exists, !entries(url).allSatisfy(isLeftover), !manager.fileExists(atPath: url.appendingPathComponent(marker).path) {
                throw .noRun(path: path, reason: "holds files but no run (no \(marker)); --overwrite only replaces a run folder")
            }
        }
    }

    /// The file `name` in the folder.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Whether the folder holds `name`.
    public func contains(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    /// A temporary file of an `AtomicFile` write: a folder holding only these holds no run.
    private static func isLeftover(_ entry: String) -> Bool { AtomicFile.isTemporary(entry) }

    private static func entries(_ url: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    }
}

extension RunFolder {
    /// A run's identity for resume checks: the 64-bit FNV-1a hash of `parts` (e.g. the
    /// configuration's JSON and the data file's bytes), each part length-prefixed, in hex.
    public static func identity(of parts: [[UInt8]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for part in parts {
            withUnsafeBytes(of: UInt64(part.count).littleEndian) { for byte in $0 { mix(byte) } }
            for byte in part { mix(byte) }
        }
        return String(hash, radix: 16)
    }
}
