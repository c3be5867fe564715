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
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
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
