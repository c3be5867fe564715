import Foundation

/// Writes files atomically: the bytes go to a temporary file in the destination's directory,
/// which is then renamed over the destination (rename(2) is atomic within one file system), so
/// readers never observe a half-written chart or CSV.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `url`, creating missing parent directories.
    public static func write(_ text: String, to url: URL) throws(PlotError) {
        try write(Data(text.utf8), to: url)
    }

    /// Writes `data` to `url` via a temporary sibling file and rename.
    public static func write(_ data: Data, to url: URL) throws(PlotError) {
        let path = url.path
        let directory = url.deletingLastPathComponent()
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw PlotError.writeFailed(path: path, reason: "\(error.localizedDescription)")
        }
        if rename(temp.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw PlotError.writeFailed(path: path, reason: reason)
        }
    }
}
