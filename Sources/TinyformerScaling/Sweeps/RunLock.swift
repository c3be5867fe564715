import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive, advisory lock on one run of a shared sweep folder (`flock` on
/// `<sweep>/.locks/<run>.lock`), so two processes never train the same run at once — e.g. a
/// rerun started while an earlier shard still works. The kernel drops it when the process dies,
/// so a crashed run is never locked out.
final class RunLock {
    private let descriptor: Int32

    /// Takes the lock, or returns nil when another process holds it.
    /// - Throws: `ScalingError.runFolderConflict` when the lock file cannot be created.
    init?(sweep: URL, run: String) throws {
        let folder = sweep.appendingPathComponent(".locks")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ScalingError.runFolderConflict(run: run, path: folder.path, reason: "cannot create the lock folder: \(error.localizedDescription)")
        }
        let path = folder.appendingPathComponent("\(run).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ScalingError.runFolderConflict(run: run, path: path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
