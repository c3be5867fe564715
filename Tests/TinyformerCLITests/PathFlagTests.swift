import Foundation
import Testing
@testable import TinyformerCLI

@Suite struct PathFlagTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathflag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("file.txt"))
    }

    private func message(_ body: () throws -> URL) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as CLIError {
            #expect(error.exitStatus == .usage)
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func everyKindRefusesAnEmptyPathNamingTheFlag() {
        #expect(message { try PathFlag.inputFile("", flag: "--data") } == "--data: the path is empty")
        #expect(message { try PathFlag.inputFolder("", flag: "--checkpoint") } == "--checkpoint: the path is empty")
        #expect(message { try PathFlag.outputFile("", flag: "--json") } == "--json: the path is empty")
        #expect(message { try PathFlag.outputFolder("", flag: "--out") } == "--out: the path is empty")
    }

    @Test func inputFilesMustBeRegularReadableFiles() {
        #expect(message { try PathFlag.inputFile(folder.appendingPathComponent("file.txt").path, flag: "--data") } == nil)
        #expect(message { try PathFlag.inputFile(folder.path, flag: "--data") }?.hasSuffix("is a folder, not a file") == true)
        #expect(message { try PathFlag.inputFile("/dev/zero", flag: "--data") }?.hasSuffix("is a device, not a regular file") == true)
        #expect(message { try PathFlag.inputFile(folder.appendingPathComponent("nope").path, flag: "--data") }?.hasSuffix("no such file") == true)
    }

    @Test func aPipeIsRefusedWithoutBlockingOnIt() {
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(message { try PathFlag.inputFile(fifo, flag: "--data") }?.hasSuffix("is a pipe (FIFO), not a regular file") == true)
        #expect(message { try PathFlag.outputFile(fifo, flag: "--json") }?.contains("it is not replaced") == true)
    }

    @Test func outputFilesNeedAnExistingFolderAndMustNotBeAFolderOrDevice() {
        #expect(message { try PathFlag.outputFile(folder.appendingPathComponent("new.json").path, flag: "--json") } == nil)
        #expect(message { try PathFlag.outputFile(folder.appendingPathComponent("file.txt").path, flag: "--json") } == nil)
        #expect(message { try PathFlag.outputFile(folder.path, flag: "--json") }?.hasSuffix("is a folder; give a file name") == true)
        #expect(message { try PathFlag.outputFile(folder.path + "/", flag: "--json") }?.hasSuffix("names a folder; give a file name") == true)
        #expect(message { try PathFlag.outputFile("/dev/null", flag: "--json") }?.contains("is a device") == true)
        #expect(message { try PathFlag.outputFile(folder.appendingPathComponent("a/b.json").path, flag: "--json") }?.contains("does not exist") == true)
        #expect(message { try PathFlag.outputFile(folder.appendingPathComponent("file.txt/b.json").path, flag: "--json") }?.contains("is not a folder") == true)
    }

    @Test func outputFoldersMayBeMissingBelowAWritableFolder() {
        #expect(message { try PathFlag.outputFolder(folder.appendingPathComponent("runs/a/b").path, flag: "--out") } == nil)
        #expect(message { try PathFlag.outputFolder(folder.path, flag: "--out") } == nil)
        #expect(message { try PathFlag.outputFolder(folder.appendingPathComponent("file.txt").path, flag: "--out") }?
            .hasSuffix("exists and is not a folder") == true)
        #expect(message { try PathFlag.outputFolder(folder.appendingPathComponent("file.txt/run").path, flag: "--out") }?
            .hasSuffix("is not a folder") == true)
    }

    @Test func inputFoldersMustExist() {
        #expect(message { try PathFlag.inputFolder(folder.path, flag: "--checkpoint") } == nil)
        #expect(message { try PathFlag.inputFolder(folder.appendingPathComponent("nope").path, flag: "--checkpoint") }?.hasSuffix("no such folder") == true)
        #expect(message { try PathFlag.inputFolder(folder.appendingPathComponent("file.txt").path, flag: "--checkpoint") }?
            .hasSuffix("is a file, not a folder") == true)
    }
}
