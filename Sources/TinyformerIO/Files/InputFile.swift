import Foundation

/// Reads input files (data, configurations, vocabularies, images) after checking that the path
/// names a regular file: a folder, a device such as `/dev/zero`, a pipe or a socket is refused
/// before anything is opened, because reading one never ends or blocks, and a size limit bounds
/// what is loaded into memory.
public enum InputFile {
    /// The largest file `read` loads unless told otherwise: 1 GiB.
    public static let defaultMaxBytes = 1 << 30

    /// Checks that `url` names a readable regular file and returns its size in bytes.
    /// - Throws: `FileReadError` saying what the path is instead.
    @discardableResult
    public static func check(_ url: URL) throws(FileReadError) -> Int {
        let path = url.path
        guard !path.isEmpty, !url.relativePath.isEmpty else { throw FileReadError(path: path, reason: "the path is empty") }
        var status = stat()
        guard stat(path, &status) == 0 else { throw FileReadError(path: path, reason: reason(errno: errno)) }
        if let kind = nonRegularKind(status.st_mode) { throw FileReadError(path: path, reason: kind) }
        guard access(path, R_OK) == 0 else { throw FileReadError(path: path, reason: reason(errno: errno)) }
        return Int(status.st_size)
    }

    /// The whole file at `url`.
    /// - Parameter maxBytes: files larger than this are refused before reading.
    /// - Throws: `FileReadError` for a missing, unreadable, non-regular or too large file.
    public static func read(_ url: URL, maxBytes: Int = defaultMaxBytes) throws(FileReadError) -> Data {
        let path = url.path
        let size = try check(url)
        guard size <= maxBytes else { throw tooLarge(path, size, maxBytes) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw FileReadError(path: path, reason: reason(errno: errno)) }
        defer { close(descriptor) }
        // The path may have been replaced between the checks and the open.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileReadError(path: path, reason: reason(errno: errno)) }
        if let kind = nonRegularKind(status.st_mode) { throw FileReadError(path: path, reason: kind) }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {  // the file grew (or reports size 0, as /proc files do)
                guard count <= maxBytes else { throw tooLarge(path, count, maxBytes) }
                bytes.append(contentsOf: repeatElement(0, count: max(count, 4096)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, reason: reason(errno: errno))
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxBytes else { throw tooLarge(path, count, maxBytes) }
        return Data(bytes[..<count])
    }

    /// The file at `url` as UTF-8 text.
    /// - Throws: `FileReadError` as `read`, or when the bytes are not valid UTF-8.
    public static func readText(_ url: URL, maxBytes: Int = defaultMaxBytes) throws(FileReadError) -> String {
        let data = try read(url, maxBytes: maxBytes)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw FileReadError(path: url.path, reason: "not valid UTF-8 text")
        }
        return text
    }

    /// What a non-regular file is ("is a folder, not a file", "is a device, not a regular
    /// file", …), or nil for a regular file; `mode` is `stat`'s `st_mode`.
    public static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a folder, not a file"
        case S_IFCHR, S_IFBLK: return "is a device, not a regular file"
        case S_IFIFO: return "is a pipe (FIFO), not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        default: return "is not a regular file"
        }
    }

    /// A short reason for an `errno` from opening or reading a path.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case ENOTDIR: return "a part of the path is not a folder"
        case EACCES, EPERM: return "permission denied"
        case ELOOP: return "too many levels of symbolic links"
        case ENAMETOOLONG: return "the path is too long"
        case EISDIR: return "is a folder, not a file"
        default: return String(cString: strerror(code))
        }
    }

    private static func tooLarge(_ path: String, _ size: Int, _ limit: Int) -> FileReadError {
        FileReadError(path: path, reason: "holds \(ByteCount.describe(size)), more than the \(ByteCount.describe(limit)) accepted")
    }
}
