import Foundation
import TinyformerIO
import TinyformerNMT

/// What one `Sweep.run()` did, by run name.
public struct SweepSummary: Sendable, Equatable {
    /// Trained now (finished or diverged).
    public var trained: [String] = []
    /// Finished before (their `result.json` exists): skipped.
    public var skipped: [String] = []
    /// Being trained by another process (locked): skipped.
    public var busy: [String] = []
    /// Trained now and diverged.
    public var diverged: [String] = []
    /// Wall time of this call.
    public var seconds: Double = 0
}

/// Runs a `SweepPlan` (or one shard of it) into a sweep folder: `sweep.json`, then one folder
/// per run (`config.json`, `metrics.csv`, `result.json`, the resume state). Safe to rerun and to
/// run as several concurrent shards on one shared folder:
///
/// - a run whose `result.json` exists is skipped, so a rerun continues where a crash stopped;
/// - an unfinished run resumes from its last evaluation's state (exactly, for the same thread
///   count), or restarts when it had not reached one; a crash loses at most that run's
///   progress since its last evaluation;
/// - each run is locked while it trains (`flock`), so a second process skips it;
/// - a folder holding another plan, or files that are not a sweep's, is refused — a sweep never
///   overwrites anything it did not write.
public final class Sweep {
    public let plan: SweepPlan
    public let directory: URL
    /// The part of the plan to run (default: all of it).
    public var shard = Shard.all
    /// Notices: one line per run and the summary (standard output by default).
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    /// Also pass on the training loop's line per evaluation.
    public var verbose = false
    /// Draw a bar per run; on by default when standard output is a terminal (otherwise progress
    /// lines at most every 10 % of a run).
    public var showProgress = isatty(STDOUT_FILENO) == 1
    /// Where progress goes (standard output by default).
    public var progressOutput: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }

    public init(plan: SweepPlan, directory: URL) {
        self.plan = plan
        self.directory = directory
    }

    /// Runs this shard's unfinished runs.
    /// - Throws: `ScalingError` for a folder that holds another sweep or foreign files,
    ///   `RunFolderError`, `TrainingError` and data errors from a run (the runs finished before
    ///   it keep their results).
    @discardableResult
    public func run() throws -> SweepSummary {
        let start = Date()
        try SweepFolder.prepare(directory, plan: plan)
        var summary = SweepSummary()
        let mine = plan.runs(of: shard)
        let todo = mine.filter { !FileManager.default.fileExists(atPath: resultURL($0.run).path) }
        let planned = try plannedCompute(todo.map(\.run))
        let progress = SweepProgress(totalFlops: planned.reduce(0) { $0 + $1.flops }, totalSteps: planned.reduce(0) { $0 + $1.steps },
                                     runCount: todo.count, isTerminal: showProgress, output: progressOutput)
        log("\(plan.settings.sweepProtocol.rawValue) sweep, shard \(shard): \(mine.count) of \(plan.runs.count) runs, \(mine.count - todo.count) finished before, \(todo.count) to train (\(String(format: "%.3g", planned.reduce(0) { $0 + $1.flops })) FLOPs) into \(directory.path)")
        var number = 0
        for (position, spec) in mine {
            let folder = directory.appendingPathComponent(spec.name)
            guard let lock = try RunLock(sweep: directory, run: spec.name) else {
                log("\(spec.name): being trained by another process; skipped")
                summary.busy.append(spec.name)
                continue
            }
            defer { withExtendedLifetime(lock) {} }
            if FileManager.default.fileExists(atPath: resultURL(spec).path) {
                _ = try SweepFolder.readResult(of: spec, in: directory)
                summary.skipped.append(spec.name)
                continue
            }
            let mode = try SweepFolder.mode(for: spec, at: folder)
            number += 1
            let run = ScalingRun(spec: spec, directory: folder)
            if verbose { run.log = log }
            progress.begin(run: number, name: spec.name, evaluations: evaluations(spec))
            run.onEvaluation = { evaluation, totals, loss in
                progress.evaluated(evaluation, steps: totals.steps, flops: totals.flops, validationLoss: loss)
            }
            let result = try run.run(mode: mode)
            let loss = result.finalValidationLoss.map { String(format: "%.4f", $0) } ?? "none"
            progress.end("\(result.status.rawValue)\(mode == .resume ? " (resumed)" : ""): final val \(loss), N \(result.params), \(String(format: "%.3g", result.flops)) FLOPs, \(String(format: "%.1f", result.seconds)) s training")
            summary.trained.append(spec.name)
            if result.status == .diverged {
                summary.diverged.append(spec.name)
                log("\(spec.name) (run \(position + 1) of the plan): \(result.note ?? "diverged"); fits will leave it out")
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        log("shard \(shard): \(summary.trained.count) trained, \(summary.skipped.count) finished before, \(summary.busy.count) busy elsewhere, \(summary.diverged.count) diverged, \(SweepProgress.duration(summary.seconds))")
        return summary
    }

    private func resultURL(_ spec: RunSpec) -> URL {
        directory.appendingPathComponent(spec.name).appendingPathComponent(ScalingFiles.result)
    }

    private func evaluations(_ spec: RunSpec) -> Int {
        guard let steps = spec.steps else { return spec.training.epochs }
        let every = max(spec.evaluateEvery ?? steps, 1)
        return (steps + every - 1) / every
    }

    /// Each run's planned steps and course FLOPs (for the time estimate).
    private func plannedCompute(_ specs: [RunSpec]) throws -> [ComputeTotals] {
        guard let first = specs.first else { return [] }
        let data = try RunData(config: first.training)
        return try specs.map { spec in
            var model = spec.training.model
            model.vocabularySize = data.vocabulary.size
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: model)
            return ledger.totals(afterSteps: spec.steps ?? spec.training.epochs * ledger.batchesPerEpoch)
        }
    }
}
