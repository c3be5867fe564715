import ArgumentParser
import Foundation
import Testing
import TinyformerIO
@testable import TinyformerCLI

private struct Tool: ParsableCommand {
    @Option var count: Int = 1
    func run() throws {}
}

@Suite struct CommandLineToolTests {
    @Test func usageErrorsExit64AndNameTheFlag() {
        let (message, status) = CommandLineTool.describe(CLIError.usage("--out: the path is empty"), root: Tool.self)
        #expect(status == 64 && message == "Error: --out: the path is empty")
    }

    @Test func parseErrorsExit64WithTheUsage() {
        do {
            _ = try Tool.parseAsRoot(["--count", "many"])
            Issue.record("parsed")
        } catch {
            let (message, status) = CommandLineTool.describe(error, root: Tool.self)
            #expect(status == 64 && message.contains("--count") && message.contains("Usage:"))
        }
    }

    @Test func helpIsSuccessWithTheUsage() {
        do {
            var command = try Tool.parseAsRoot(["--help"])
            try command.run()  // the help command reports itself as a clean exit
            Issue.record("no help")
        } catch {
            let (message, status) = CommandLineTool.describe(error, root: Tool.self)
            #expect(status == 0 && message.contains("--count"))
        }
    }

    @Test func libraryErrorsExit1WithTheirDescription() {
        let (message, status) = CommandLineTool.describe(FileWriteError(path: "/x/y", reason: "permission denied"), root: Tool.self)
        #expect(status == 1 && message == "Error: cannot write /x/y: permission denied")
    }

    @Test func foundationFileErrorsBecomeThePathAndAPlainReason() {
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/file.bin"))
            Issue.record("read")
        } catch {
            let message = CommandLineTool.message(for: error)
            #expect(message == "/nonexistent/file.bin: no such file")
            #expect(!message.contains("NSCocoaErrorDomain"))
        }
    }
}
