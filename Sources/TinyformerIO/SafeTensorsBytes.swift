// The raw bytes behind a `SafeTensorsFile`: a read-only memory map of the file, or an array.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The complete bytes of a safetensors file, immutable and kept alive by reference: every copy
/// of a `SafeTensorsFile` shares one instance, and the mapping is undone when the last goes away.
///
/// A file on disk is mapped read-only and private (`mmap(PROT_READ, MAP_PRIVATE)`), so opening a
/// 90 MB checkpoint costs address space, not a copy: pages are read when a tensor is decoded.
/// Files that cannot be mapped (empty files, pipes, some special file systems) are read into
/// memory instead. Replacing the file with `AtomicFile` (rename over it) leaves the mapping of the
/// old file intact; truncating the file in place while it is mapped is not supported (the kernel
/// would signal SIGBUS on the next access), as for every memory-mapped reader.
final class SafeTensorsBytes: @unchecked Sendable {
    // @unchecked: the pointer and array are never written after init, so sharing across threads is safe.
    private let mapping: UnsafeRawBufferPointer?  // nil: the bytes live in `array`
    private let array: [UInt8]

    /// The number of bytes.
    var count: Int { mapping?.count ?? array.count }

    /// Bytes held in memory (no copy: the array's storage is shared).
    init(array: [UInt8]) {
        mapping = nil
        self.array = array
    }

    /// Maps (or failing that, reads) the file at `url`.
    /// - Throws: `.unreadableFile` naming the path and the OS error.
    init(contentsOf url: URL) throws(SafeTensorsError) {
        let path = url.path
        // O_NONBLOCK: opening a pipe must not wait for a writer (it is refused below).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw .unreadableFile(source: path, reason: InputFile.reason(errno: errno))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadableFile(source: path, reason: String(cString: strerror(errno)))
        }
        // A device (/dev/zero), pipe or folder never holds a safetensors file; reading one would
        // not end or not work.
        if let kind = InputFile.nonRegularKind(status.st_mode) { throw .unreadableFile(source: path, reason: kind) }
        let size = Int(status.st_size)
        if size > 0,
           let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED {
            mapping = UnsafeRawBufferPointer(start: base, count: size)
            array = []
            return
        }
        do {
            array = try [UInt8](InputFile.read(url, maxBytes: Int.max))
        } catch {
            throw .unreadableFile(source: path, reason: error.reason)
        }
        mapping = nil
    }

    deinit {
        if let mapping, let base = mapping.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mapping.count)
        }
    }

    /// Calls `body` with the bytes; the pointer must not escape it.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let mapping { return body(mapping) }
        return array.withUnsafeBytes(body)
    }
}
