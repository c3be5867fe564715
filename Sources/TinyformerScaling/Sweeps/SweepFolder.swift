import Foundation
import TinyformerIO
import TinyformerNN

/// One finished run read back from a sweep folder.
public struct LoadedRun: Sendable {
    public var spec: RunSpec
    public var result: RunResult
    /// Every evaluation, in order (the loss curve against `flops`).
    public var records: [MetricsRecord]
}

/// A sweep folder read back for fitting: the plan, its finished runs in plan order, and a
/// warning naming every run that was left out and why.
public struct LoadedSweep: Sendable {
    public var plan: SweepPlan
    public var runs: [LoadedRun]
    public var warnings: [String]
}

/// Reading and checking sweep folders.
public enum SweepFolder {
    /// Reads `sweep.json`.
    /// - Throws: `ScalingError.notASweep` naming the problem (missing folder, empty or foreign
    ///   folder, unreadable plan).
    public static func readPlan(_ directory: URL) throws(ScalingError) -> SweepPlan {
        let path = directory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notASweep(path: path, reason: "no such folder")
        }
        let url = directory.appendingPathComponent(ScalingFiles.plan)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let entries = visibleEntries(directory)
            throw .notASweep(path: path, reason: entries.isEmpty
                ? "the folder is empty (run `scaling sweep --out \(path)` first)"
                : "no \(ScalingFiles.plan) among its \(entries.count) entries (\(entries.prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : ""))")
        }
        do {
            return try JSONFile.read(SweepPlan.self, from: url)
        } catch {
            throw .notASweep(path: path, reason: "\(error)")
        }
    }

    /// Reads every finished run of the sweep at `directory`, in plan order.
    /// - Throws: `ScalingError.notASweep` (see `readPlan`), `.nothingToFit` when no run is usable.
    public static func load(_ directory: URL) throws(ScalingError) -> LoadedSweep {
        let plan = try readPlan(directory)
        var runs: [LoadedRun] = [], warnings: [String] = []
        for spec in plan.runs {
            let folder = directory.appendingPathComponent(spec.name)
            guard FileManager.default.fileExists(atPath: folder.path) else {
                warnings.append("run \(spec.name) has not started (no folder \(folder.path)); left out")
                continue
            }
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(ScalingFiles.result).path) else {
                warnings.append("run \(spec.name) is unfinished (no \(ScalingFiles.result) in \(folder.path)); left out — rerun the sweep to finish it")
                continue
            }
            let result: RunResult, records: [MetricsRecord]
            do {
                result = try readResult(of: spec, in: directory)
                records = try ScalingRun.readMetrics(folder.appendingPathComponent(ScalingFiles.metrics))
            } catch {
                warnings.append("run \(spec.name) cannot be read (\(error)); left out")
                continue
            }
            if result.status == .diverged {
                warnings.append("run \(spec.name) diverged (\(result.note ?? "no details")); left out")
                continue
            }
            guard result.finalValidationLoss != nil else {
                warnings.append("run \(spec.name) has no finite validation loss; left out")
                continue
            }
            runs.append(LoadedRun(spec: spec, result: result, records: records))
        }
        guard !runs.isEmpty else { throw .nothingToFit(path: directory.path, reasons: warnings) }
        let threads = Set(runs.map(\.result.threads))
        if threads.count > 1 {
            warnings.append("runs were trained with different thread counts \(threads.sorted()) (TINYFORMER_NUM_THREADS); each run is still valid, but the sweep does not reproduce bit for bit")
        }
        return LoadedSweep(plan: plan, runs: runs, warnings: warnings)
    }

    /// Reads a run's `result.json` and checks it belongs to `spec`.
    /// - Throws: `ScalingError.unreadableRun`.
    public static func readResult(of spec: RunSpec, in directory: URL) throws(ScalingError) -> RunResult {
        let url = directory.appendingPathComponent(spec.name).appendingPathComponent(ScalingFiles.result)
        let result: RunResult
        do {
            result = try JSONFile.read(RunResult.self, from: url)
        } catch {
            throw .unreadableRun(run: spec.name, path: url.path, reason: "\(error)")
        }
        guard result.name == spec.name, result.hiddenSize == spec.hiddenSize else {
            throw .unreadableRun(run: spec.name, path: url.path, reason: "it describes run \(result.name) (h = \(result.hiddenSize))")
        }
        return result
    }

    /// Creates the sweep folder and writes `sweep.json`, or checks that the folder holds this
    /// plan. Dot files (locks, atomic writes in progress) do not count as contents.
    /// - Throws: `ScalingError.planMismatch` for another plan, `.notASweep` for a folder holding
    ///   files but no plan.
    static func prepare(_ directory: URL, plan: SweepPlan) throws {
        // A sweep killed while writing sweep.json (or a shard's lock record) leaves a temporary
        // file; shards running beside this one keep theirs (their writers are alive).
        AtomicFile.removeAbandonedTemporaries(in: directory)
        let url = directory.appendingPathComponent(ScalingFiles.plan)
        if FileManager.default.fileExists(atPath: url.path) {
            let existing = try readPlan(directory)
            guard existing == plan else { throw ScalingError.planMismatch(path: directory.path, reason: difference(existing, plan)) }
            return
        }
        let entries = visibleEntries(directory)
        guard entries.isEmpty else {
            throw ScalingError.notASweep(path: directory.path, reason: "it holds \(entries.count) entries (\(entries.prefix(3).joined(separator: ", "))) but no \(ScalingFiles.plan); a sweep only writes into an empty or its own folder")
        }
        try JSONFile.write(plan, to: url)
    }

    /// How to open a planned run's folder: resume when it holds this run's resume state,
    /// overwrite when it holds only this run's beginnings or nothing visible (an interrupted
    /// atomic write's temporary file at most).
    /// - Throws: `ScalingError.runFolderConflict` when the folder holds another run or foreign files.
    static func mode(for spec: RunSpec, at folder: URL) throws -> RunFolderMode {
        let entries = visibleEntries(folder)
        if entries.isEmpty { return .overwrite }
        let config = folder.appendingPathComponent(ScalingFiles.config)
        guard FileManager.default.fileExists(atPath: config.path) else {
            throw ScalingError.runFolderConflict(run: spec.name, path: folder.path, reason: "the folder holds files but no \(ScalingFiles.config); not touching it")
        }
        let existing: RunSpec
        do {
            existing = try JSONFile.read(RunSpec.self, from: config)
        } catch {
            throw ScalingError.runFolderConflict(run: spec.name, path: folder.path, reason: "unreadable \(ScalingFiles.config): \(error)")
        }
        guard existing == spec else {
            throw ScalingError.runFolderConflict(run: spec.name, path: folder.path, reason: "\(ScalingFiles.config) describes another run; not touching it")
        }
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent(ScalingFiles.resumeState).path) ? .resume : .overwrite
    }

    /// The first difference between two plans, for messages.
    static func difference(_ a: SweepPlan, _ b: SweepPlan) -> String {
        if a.settings.sweepProtocol != b.settings.sweepProtocol {
            return "protocol \(a.settings.sweepProtocol.rawValue), not \(b.settings.sweepProtocol.rawValue)"
        }
        if a.settings.seed != b.settings.seed { return "seed \(a.settings.seed), not \(b.settings.seed)" }
        if a.settings.quick != b.settings.quick { return a.settings.quick ? "a --quick sweep" : "a full sweep, not --quick" }
        if a.settings != b.settings { return "other settings (sizes, budgets, data or optimizer)" }
        return "other runs"
    }

    /// Entries not starting with "." (lock folders and atomic writes' temporary files do).
    static func visibleEntries(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
