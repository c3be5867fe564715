import Foundation
import TinyformerIO

/// The one-command reproduction: runs every available section's steps (`Reproduction`), builds
/// each section's answers from its results, and writes `REPORT.md` and the self-contained
/// `report.html` into the output folder (both atomically).
public enum ReportBuilder {
    /// The assignment's parts, in order.
    public static let sections: [any SectionPlan] = [NQMSection(), NMTSection(), ScalingSection(), BERTSection(), CLIPSection()]

    /// What a reproduction produced.
    public struct Result: Sendable {
        public let document: ReportDocument
        /// True when every available section ran and answered.
        public let allSucceeded: Bool
    }

    /// Runs and reports. `only` limits the run to those section ids (the others are reported as
    /// they stand in `out`: reused when current, else not run).
    public static func reproduce(mode: ReproductionMode, out: URL, binaries: URL, root: URL, only: Set<String>? = nil,
                                 log: @escaping (String) -> Void) throws -> Result {
        let started = Date()
        try claim(out)
        let reproduction = Reproduction(out: out, binaries: binaries)
        reproduction.log = log
        let available = sections.filter { $0.unavailableReason(binaries: binaries) == nil }
        let plans = available.filter { only?.contains($0.id) ?? true }.map { (section: $0.id, steps: $0.steps(mode: mode)) }
        let outcomes = Dictionary(uniqueKeysWithValues: reproduction.run(plans).map { ($0.section, $0) })
        let context = ReportContext(root: root, out: out)

        var allSucceeded = true
        var reportSections: [ReportSection] = []
        for plan in sections {
            var status: SectionStatus
            var questions: [ReportQuestion]
            if let reason = plan.unavailableReason(binaries: binaries) {
                status = .notAvailable(reason: reason)
                questions = plan.placeholders("Not yet available: \(reason).")
            } else if let failure = outcomes[plan.id]?.failure {
                allSucceeded = false
                status = .failed(step: failure.step, message: failure.message, log: failure.log)
                questions = plan.placeholders("No answer: the step `\(failure.step)` failed (see the section's status).")
            } else {
                let outcome = outcomes[plan.id]
                let reused = outcome.map { $0.reused.isEmpty ? "" : " (reused: \($0.reused.joined(separator: ", ")))" } ?? " (not run this time)"
                status = .complete(note: "\(mode.rawValue) settings; steps: " + plan.steps(mode: mode).map(\.name).joined(separator: ", ") + reused)
                do {
                    questions = try plan.answers(folder: out.appendingPathComponent(plan.id), mode: mode, context: context)
                } catch where outcome == nil {
                    status = .notAvailable(reason: "not run in this reproduction (`--only` left it out) and no earlier results in this folder")
                    questions = plan.placeholders("Not run in this reproduction.")
                } catch {
                    allSucceeded = false
                    status = .failed(step: "report", message: "\(error)", log: "")
                    questions = plan.placeholders("No answer: \(error)")
                }
            }
            reportSections.append(ReportSection(id: plan.id, title: plan.title, status: status, questions: questions))
        }
        let preamble = ["Reproduced with `Scripts/reproduce --\(mode.rawValue)` on \(ISO8601DateFormatter().string(from: started)).",
                        "Code: \(codeVersion(root)); \(ProcessInfo.processInfo.activeProcessorCount) cores; \(String(format: "%.0f", Date().timeIntervalSince(started))) s for this run.",
                        "Every number, table and figure below comes from this run's result files in this folder."]
        let document = ReportDocument(title: "Tinyformer: the assignment, reproduced", preamble: preamble, sections: reportSections)
        try AtomicFile.write(MarkdownRenderer.render(document), to: out.appendingPathComponent("REPORT.md"), createDirectories: true)
        try AtomicFile.write(HTMLRenderer.render(document), to: out.appendingPathComponent("report.html"), createDirectories: true)
        return Result(document: document, allSucceeded: allSucceeded)
    }

    /// The file that marks a folder as a reproduction's (written before any step runs).
    public static let marker = "reproduction.json"

    /// Takes `out` for a reproduction: a missing or empty folder starts one, a folder holding a
    /// reproduction continues it (finished steps are reused); any other folder is refused, so a
    /// mistyped `--out` never fills a project or home folder with results.
    /// - Throws: `RunFolderError` naming the folder.
    static func claim(_ out: URL) throws {
        let resuming = FileManager.default.fileExists(atPath: out.appendingPathComponent(marker).path)
        do {
            _ = try RunFolder(out, mode: resuming ? .resume : .new, marker: marker)
        } catch RunFolderError.notEmpty(let path) {
            throw RunFolderError.noRun(path: path, reason: "holds files but no reproduction (no \(marker)); choose an empty or new folder")
        }
        if !resuming { try JSONFile.write(["kind": "tinyformer-reproduction"], to: out.appendingPathComponent(marker)) }
    }

    /// `git describe` of the package, or "unknown" outside a git checkout.
    static func codeVersion(_ root: URL) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path, "describe", "--always", "--dirty"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : "unknown"
    }
}
