import Foundation
import TinyformerIO

/// Runs the sections' steps as child processes, each section in its own folder under `out`,
/// reusing a step whose executable and arguments have not changed since it last succeeded, so an
/// interrupted reproduction loses at most the step in progress. A failing step stops its section
/// (its later steps depend on it) and the other sections still run. Progress: one line per step
/// with the section, the elapsed time and an estimate of what remains.
public final class Reproduction {
    public let out: URL
    /// Where the package's executables are (e.g. `.build/release`).
    public let binaries: URL
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    private let start = Date()

    public init(out: URL, binaries: URL) {
        self.out = out
        self.binaries = binaries
    }

    /// What running a section's steps gave.
    public struct Outcome: Sendable {
        public var section: String
        /// The failed step, its message and log, or nil when every step succeeded.
        public var failure: (step: String, message: String, log: String)?
        /// Steps skipped because their results were current.
        public var reused: [String]
        public var seconds: Double
    }

    /// Runs `plans` in order and returns one outcome per plan.
    public func run(_ plans: [(section: String, steps: [ReproductionStep])]) -> [Outcome] {
        let total = plans.flatMap(\.steps).reduce(0) { $0 + $1.estimatedSeconds }
        var estimatedDone = 0.0, actualDone = 0.0
        var outcomes: [Outcome] = []
        for plan in plans {
            let folder = out.appendingPathComponent(plan.section)
            var outcome = Outcome(section: plan.section, failure: nil, reused: [], seconds: 0)
            let sectionStart = Date()
            for step in plan.steps {
                let remaining = Self.remainingSeconds(total: total, estimatedDone: estimatedDone, actualDone: actualDone)
                log(String(format: "[%@] %@ — %@ elapsed, about %@ to go", plan.section, step.name,
                           Self.duration(Date().timeIntervalSince(start)), Self.duration(remaining)))
                let stepStart = Date()
                do {
                    if try runStep(step, in: folder) { outcome.reused.append(step.name) }
                } catch let error as StepFailure {
                    outcome.failure = (step.name, error.message, error.log)
                    log("[\(plan.section)] \(step.name) failed: \(error.message) (log: \(error.log))")
                } catch {
                    outcome.failure = (step.name, "\(error)", "")
                    log("[\(plan.section)] \(step.name) failed: \(error)")
                }
                estimatedDone += step.estimatedSeconds
                actualDone += Date().timeIntervalSince(stepStart)
                if outcome.failure != nil { break }
            }
            outcome.seconds = Date().timeIntervalSince(sectionStart)
            outcomes.append(outcome)
        }
        log("reproduction: \(Self.duration(Date().timeIntervalSince(start))) in all")
        return outcomes
    }

    /// What remains of `total` estimated seconds once steps estimated at `estimatedDone` took
    /// `actualDone`: the rest of the estimate scaled by how fast this machine has been,
    /// (actualDone + k) / (estimatedDone + k) with k = 60 s, so that a few steps of a second or
    /// two (which say little about a machine) cannot shrink or stretch a half-hour estimate.
    static func remainingSeconds(total: Double, estimatedDone: Double, actualDone: Double) -> Double {
        let k = 60.0
        return max(0, total - estimatedDone) * (actualDone + k) / (estimatedDone + k)
    }

    struct StepFailure: Error {
        let message: String
        let log: String
    }

    /// Runs one step unless its record is current; returns whether it was reused.
    private func runStep(_ step: ReproductionStep, in folder: URL) throws -> Bool {
        let executable = binaries.appendingPathComponent(step.executable)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw StepFailure(message: "\(executable.path) is not built (Scripts/reproduce builds every product first)", log: "")
        }
        let arguments = step.resolvedArguments(out: folder)
        let key = try Self.key(executable: executable, arguments: arguments)
        let recordURL = folder.appendingPathComponent(".steps/\(step.name).json")
        if let record = try? JSONFile.read(StepRecord.self, from: recordURL), record.key == key, record.exitCode == 0 {
            return true
        }
        let logs = folder.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let outURL = logs.appendingPathComponent("\(step.name).out"), errURL = logs.appendingPathComponent("\(step.name).err")
        // A file that cannot be created fails below, in FileHandle's error naming it.
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let record = StepRecord(key: key, exitCode: process.terminationStatus, seconds: Date().timeIntervalSince(started))
        try JSONFile.write(record, to: recordURL)
        guard process.terminationStatus == 0 else {
            let tail = (try? String(contentsOf: errURL, encoding: .utf8))?.split(separator: "\n").suffix(3).joined(separator: " / ") ?? ""
            throw StepFailure(message: "exit \(process.terminationStatus)\(tail.isEmpty ? "" : ": " + tail)", log: errURL.path)
        }
        return false
    }

    /// The executable's bytes and the arguments, hashed: a changed build or setting reruns the step.
    static func key(executable: URL, arguments: [String]) throws -> String {
        let bytes = try Data(contentsOf: executable, options: .mappedIfSafe)
        return RunFolder.identity(of: [Array(bytes)] + arguments.map { Array($0.utf8) })
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }
}
