import Foundation

/// Writes files atomically: the bytes go to a temporary file in the destination's directory,
/// which is flushed to disk (fsync) and renamed over the destination — rename(2) is atomic within
/// one file system, so readers see the old file or the complete new one, never a partial write.
/// Used for checkpoints, results (CSV/JSON) and charts. A destination that exists but is not a
/// regular file (a folder, a device such as `/dev/null`, a pipe) is refused: renaming over it
/// would replace the device node or fail late with a confusing message.
public enum AtomicFile {
    /// Writes `text` as UTF-8.
    public static func write(_ text: String, to url: URL, createDirectories: Bool = false) throws(FileWriteError) {
        try write(Array(text.utf8), to: url, createDirectories: createDirectories)
    }

    /// Writes `data`.
    public static func write(_ data: Data, to url: URL, createDirectories: Bool = false) throws(FileWriteError) {
        try write([UInt8](data), to: url, createDirectories: createDirectories)
    }

    /// Writes `bytes`. A missing parent directory is an error (like `torch.save`) unless
    /// `createDirectories` is true.
    public static func write(_ bytes: [UInt8], to url: URL, createDirectories: Bool = false) throws(FileWriteError) {
        let path = url.path
        guard !path.isEmpty, !url.relativePath.isEmpty else { throw FileWriteError(path: path, reason: "the path is empty") }
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFLNK, let kind = InputFile.nonRegularKind(status.st_mode) {
            throw FileWriteError(path: path, reason: "it \(kind); not replaced")
        }
        let directory = url.deletingLastPathComponent()
        if createDirectories {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw FileWriteError(path: path, reason: "cannot create directory \(directory.path): \(SystemErrorReason.describe(error))")
            }
        }
        let temporary = directory.appendingPathComponent(temporaryName(for: url.lastPathComponent)).path
        func failure(_ step: String) -> FileWriteError {
            FileWriteError(path: path, reason: "\(step) \(temporary): \(String(cString: strerror(errno)))")
        }

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create") }
        var error: FileWriteError?
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let n = posixWrite(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    error = failure("cannot write"); return
                }
                written += n
            }
        }
        if error == nil, fsync(descriptor) != 0 { error = failure("cannot fsync") }
        if close(descriptor) != 0, error == nil { error = failure("cannot close") }
        if error == nil, rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            error = FileWriteError(path: path, reason: "cannot rename \(temporary) to \(path): \(reason)")
        }
        if let error {
            unlink(temporary)
            throw error
        }
    }
}

extension AtomicFile {
    /// `.<name>.tmp-<pid>@<host>-<UUID>`: the writer's process and host are in the name, so that a
    /// process tidying a folder others may write into at the same time (shards of one sweep, on
    /// one host or several sharing the folder) removes only what a dead process left.
    public static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())@\(hostName)-\(UUID().uuidString)"
    }

    /// Whether `entry` is a temporary file of an `AtomicFile` write (of any version of the scheme).
    public static func isTemporary(_ entry: String) -> Bool { entry.hasPrefix(".") && entry.contains(".tmp-") }

    /// Whether `entry` is a temporary file that a process of this host left and that process is
    /// gone (killed during the write): safe to remove while other writers are running. A name
    /// without the writer (the scheme before pids and hosts were added) is never abandoned here.
    public static func isAbandoned(_ entry: String) -> Bool {
        guard let tail = writerPart(entry) else { return false }  // <pid>@<host>-<UUID>
        guard let at = tail.firstIndex(of: "@"), let pid = Int32(tail[..<at]), pid > 0, tail.count > 37 else { return false }
        let host = tail[tail.index(after: at)..<tail.index(tail.endIndex, offsetBy: -37)]
        guard host == hostName[...] else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Whether `entry` is a temporary file named before names carried their writer
    /// (`.<name>.tmp-<UUID>`): only the process owning the folder could have written it.
    public static func isWriterless(_ entry: String) -> Bool {
        guard let tail = writerPart(entry) else { return false }
        return !tail.contains("@")
    }

    /// What follows ".tmp-" in a temporary file's name, or nil for other names.
    private static func writerPart(_ entry: String) -> Substring? {
        guard isTemporary(entry), let marker = entry.range(of: ".tmp-", options: .backwards) else { return nil }
        return entry[marker.upperBound...]
    }

    /// Removes the abandoned temporary files (`isAbandoned`) directly inside `folder`; a file that
    /// cannot be removed stays (another process may have removed it first).
    public static func removeAbandonedTemporaries(in folder: URL) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for entry in entries where isAbandoned(entry) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(entry))
        }
    }

    /// This host's name with the characters a file name cannot hold replaced ("/" and "@").
    private static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer).map { $0 == "/" || $0 == "@" ? "_" : $0 }
        return name.isEmpty ? "localhost" : String(name)
    }()
}

/// POSIX `write(2)` under a name that does not clash with the `write` methods above.
@inline(__always)
private func posixWrite(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, pointer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, pointer, count)
    #else
    return Darwin.write(fd, pointer, count)
    #endif
}
