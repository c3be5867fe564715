// The temporary files of `AtomicFile` writes carry their writer (pid and host), so a process
// tidying a folder that others write into removes only what a dead process of this host left.
import Foundation
import Testing
import TinyformerIO

/// A temporary name as `AtomicFile` writes it, with the pid replaced by `pid` and, when given, the
/// host by `host`.
func temporaryName(_ name: String, pid: Int32, host: String? = nil) -> String {
    let own = AtomicFile.temporaryName(for: name)  // .<name>.tmp-<pid>@<host>-<UUID>
    let tail = own[own.range(of: ".tmp-")!.upperBound...]
    let at = tail.firstIndex(of: "@")!
    let ownHost = String(tail[tail.index(after: at)..<tail.index(tail.endIndex, offsetBy: -37)])
    return ".\(name).tmp-\(pid)@\(host ?? ownHost)-\(UUID().uuidString)"
}

/// The pid of a process that has exited.
func deadPID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

@Suite struct AtomicFileTemporaryTests {
    @Test func temporaryNamesCarryThePidAndTheHost() {
        let name = AtomicFile.temporaryName(for: "sweep.json")
        #expect(name.hasPrefix(".sweep.json.tmp-\(getpid())@"), "\(name)")
        #expect(AtomicFile.isTemporary(name))
    }

    @Test func aDeadProcessesTemporaryFileOnThisHostIsAbandoned() throws {
        #expect(AtomicFile.isAbandoned(temporaryName("sweep.json", pid: try deadPID())))
    }

    @Test func aLiveWritersTemporaryFileIsNotAbandoned() {
        #expect(!AtomicFile.isAbandoned(AtomicFile.temporaryName(for: "sweep.json")))
    }

    @Test func anotherHostsTemporaryFileIsNotAbandoned() throws {
        #expect(!AtomicFile.isAbandoned(temporaryName("sweep.json", pid: try deadPID(), host: "another-host.example")))
    }

    @Test func namesWithoutAWriterAreNeverAbandoned() {
        for name in [".sweep.json.tmp-1234", ".sweep.json.tmp-\(UUID().uuidString)", "sweep.json", ".tmp-1@x-"] {
            #expect(!AtomicFile.isAbandoned(name), "\(name)")
        }
    }

    @Test func tidyingAFolderRemovesOnlyAbandonedTemporaries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dead = temporaryName("a.json", pid: try deadPID()), live = AtomicFile.temporaryName(for: "b.json")
        let foreign = temporaryName("c.json", pid: try deadPID(), host: "another-host.example")
        for name in [dead, live, foreign, "a.json"] { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        AtomicFile.removeAbandonedTemporaries(in: folder)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == [live, foreign, "a.json"])
    }

    @Test func openingARunFolderKeepsALiveWritersTemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = AtomicFile.temporaryName(for: "metrics.csv"), dead = temporaryName("metrics.csv", pid: try deadPID())
        for name in ["config.json", live, dead] { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        _ = try RunFolder(folder, mode: .resume, marker: "config.json")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["config.json", live])
    }
}
