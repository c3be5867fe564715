import Foundation
import Testing

/// One run of an executable of the package, as a user would start it.
struct ToolResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Killed by a signal (status then holds the signal number).
    let signaled: Bool
}

/// Runs the package's executables (`nmt`, `nqm`, `matmul-bench`) as subprocesses. They are built
/// by `swift test` into the same folder as the test bundle, which is where they are looked up.
enum ToolProcess {
    /// The build products folder: the directory of the running test bundle.
    static let productsFolder: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // A bundle layout (…/X.xctest/Contents/MacOS/X) keeps the products three levels up.
        while folder.pathComponents.count > 1, folder.path.contains(".xctest") { folder.deleteLastPathComponent() }
        return folder
    }()

    /// The executable `name`, or a test failure saying where it was looked for.
    static func url(_ name: String) throws -> URL {
        let url = productsFolder.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ToolMissing(description: "\(name) is not built next to the tests (looked in \(productsFolder.path)); run `swift build` first")
        }
        return url
    }

    struct ToolMissing: Error, CustomStringConvertible { let description: String }

    /// Runs `name arguments…` in `folder` with `input` on standard input, waiting at most
    /// `timeout` seconds (then the process is killed and the test fails).
    @discardableResult
    static func run(_ name: String, _ arguments: [String], in folder: URL, input: String? = nil,
                    environment: [String: String] = [:], timeout: Double = 120) throws -> ToolResult {
        let process = try start(name, arguments, in: folder, environment: environment, input: input)
        let deadline = Date().addingTimeInterval(timeout)
        while process.process.isRunning {
            if Date() > deadline {
                kill(process.process.processIdentifier, SIGKILL)
                process.process.waitUntilExit()
                Issue.record("\(name) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
                break
            }
            usleep(5_000)
        }
        process.process.waitUntilExit()
        return process.result()
    }

    /// A started process whose output goes to files (pipes could fill up and block it).
    struct Running {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        func result() -> ToolResult {
            let out = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            return ToolResult(status: process.terminationStatus, stdout: out, stderr: err,
                              signaled: process.terminationReason == .uncaughtSignal)
        }
    }

    /// Starts `name` without waiting for it.
    static func start(_ name: String, _ arguments: [String], in folder: URL, environment: [String: String] = [:],
                      input: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["TINYFORMER_NUM_THREADS"] = "2"  // the same numbers on every machine
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let stdoutURL = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(id).out")
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(id).err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        if let input {
            let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(id).in")
            try Data(input.utf8).write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        return Running(process: process, stdoutURL: stdoutURL, stderrURL: stderrURL)
    }
}
