import Foundation
import TinyformerIO

/// The progress of a sweep (or one shard of it): which run, which evaluation, elapsed time and
/// the estimated time left, from the share of the shard's planned FLOPs done so far. On a
/// terminal a bar redrawn in place; otherwise one line per evaluation of a run at most every
/// 10 % of it, and one per run.
final class SweepProgress {
    private let totalFlops: Double
    private let runCount: Int
    private let start = Date()
    private var doneFlops = 0.0
    private let isTerminal: Bool
    private let output: (String) -> Void
    private var bar: ProgressReporter?
    private var current = ""
    private var runFlops = 0.0

    init(totalFlops: Double, runCount: Int, isTerminal: Bool, output: @escaping (String) -> Void) {
        self.totalFlops = max(totalFlops, 1)
        self.runCount = runCount
        self.isTerminal = isTerminal
        self.output = output
    }

    /// A run starts: its number among the shard's runs to do, its name and planned evaluations.
    func begin(run number: Int, name: String, evaluations: Int) {
        current = "run \(number)/\(runCount) \(name)"
        runFlops = 0
        bar = ProgressReporter(total: evaluations, label: current, isTerminal: isTerminal, output: output)
    }

    /// An evaluation finished with `flops` of the run done so far.
    func evaluated(_ evaluation: Int, flops: Double, validationLoss: Double) {
        let elapsed = Date().timeIntervalSince(start)
        let done = doneFlops + flops
        let remaining = done > 0 ? elapsed * (totalFlops - done) / done : .nan
        bar?.update(evaluation, status: String(format: "val %.4f  elapsed %@  remaining ~%@", validationLoss,
                                               Self.duration(elapsed), Self.duration(remaining)))
        runFlops = flops
    }

    /// The run ended.
    func end(_ message: String) {
        doneFlops += runFlops
        bar?.finish(message)
        bar = nil
    }

    /// "1 h 02 min", "3 min 05 s", "12 s"; "?" when unknown.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60) }
        if s >= 60 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return "\(s) s"
    }
}
