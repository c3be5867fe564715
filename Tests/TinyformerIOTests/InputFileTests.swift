import Foundation
import Testing
import TinyformerIO

@Suite struct InputFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("inputfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func reason(_ body: () throws -> Any) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as FileReadError {
            return error.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func aRegularFileIsReadWhole() throws {
        let url = folder.appendingPathComponent("a.txt")
        try Data("héllo\n".utf8).write(to: url)
        #expect(try InputFile.readText(url) == "héllo\n")
    }

    @Test func whatIsNotARegularFileIsNamed() {
        #expect(reason { try InputFile.read(folder) } == "is a folder, not a file")
        #expect(reason { try InputFile.read(URL(fileURLWithPath: "/dev/zero")) } == "is a device, not a regular file")
        #expect(reason { try InputFile.read(folder.appendingPathComponent("missing")) } == "no such file")
        #expect(reason { try InputFile.read(folder.appendingPathComponent("missing/deeper")) } == "no such file")
    }

    @Test func aPipeIsRefusedInsteadOfWaitingForAWriter() {
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(reason { try InputFile.read(fifo) } == "is a pipe (FIFO), not a regular file")
    }

    @Test func aFileAboveTheLimitIsRefusedBeforeReading() throws {
        let url = folder.appendingPathComponent("big.bin")
        try Data(count: 5000).write(to: url)
        #expect(reason { try InputFile.read(url, maxBytes: 4096) } == "holds 4.9 KiB, more than the 4.0 KiB accepted")
    }

    @Test func textThatIsNotUTF8IsNamed() throws {
        let url = folder.appendingPathComponent("latin1.txt")
        try Data([0x61, 0xE9, 0x0A]).write(to: url)
        #expect(reason { try InputFile.readText(url) } == "not valid UTF-8 text")
    }

    @Test func atomicWritesRefuseToReplaceAFolderOrAPipe() throws {
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: FileWriteError(path: fifo.path, reason: "it is a pipe (FIFO), not a regular file; not replaced")) {
            try AtomicFile.write("x", to: fifo)
        }
        #expect(throws: FileWriteError(path: folder.path, reason: "it is a folder, not a file; not replaced")) {
            try AtomicFile.write("x", to: folder)
        }
        var status = stat()
        #expect(lstat(fifo.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func foundationErrorsBecomePlainReasons() {
        do {
            _ = try Data(contentsOf: folder.appendingPathComponent("missing"))
        } catch {
            #expect(SystemErrorReason.describe(error) == "no such file")
            #expect(SystemErrorReason.path(of: error) == folder.appendingPathComponent("missing").path)
        }
    }
}
