import Foundation
import TinyformerIO

/// The progress of a sweep (or one shard of it): which run, which evaluation, elapsed time and
/// the estimated time left. On a terminal a bar redrawn in place; otherwise one line per
/// evaluation of a run at most every 10 % of it, and one per run.
///
/// The estimate models wall time as seconds ≈ a·steps + b·FLOPs (a per-step overhead that
/// dominates small models, a rate that dominates large ones), fitted by least squares to every
/// evaluation period so far, and applies it to the steps and FLOPs still planned; until both
/// terms can be told apart it scales the elapsed time by the FLOPs left.
final class SweepProgress {
    private let totalFlops: Double
    private let totalSteps: Double
    private let runCount: Int
    private let start = Date()
    private let isTerminal: Bool
    private let output: (String) -> Void
    private var bar: ProgressReporter?
    private var doneFlops = 0.0, doneSteps = 0.0
    private var runFlops = 0.0, runSteps = 0.0, lastTime = Date()
    // Normal equations of seconds ≈ a·steps + b·flops (flops in units of 10¹² for conditioning).
    private var ss = 0.0, sf = 0.0, ff = 0.0, st = 0.0, ft = 0.0

    init(totalFlops: Double, totalSteps: Int, runCount: Int, isTerminal: Bool, output: @escaping (String) -> Void) {
        self.totalFlops = max(totalFlops, 1)
        self.totalSteps = Double(max(totalSteps, 1))
        self.runCount = runCount
        self.isTerminal = isTerminal
        self.output = output
    }

    /// A run starts: its number among the shard's runs to do, its name and planned evaluations.
    func begin(run number: Int, name: String, evaluations: Int) {
        runFlops = 0
        runSteps = 0
        lastTime = Date()
        bar = ProgressReporter(total: evaluations, label: "run \(number)/\(runCount) \(name)", isTerminal: isTerminal, output: output)
    }

    /// Evaluation `evaluation` finished with `steps` and `flops` of the run done so far.
    func evaluated(_ evaluation: Int, steps: Int, flops: Double, validationLoss: Double) {
        let now = Date()
        let dt = now.timeIntervalSince(lastTime), ds = Double(steps) - runSteps, df = (flops - runFlops) / 1e12
        ss += ds * ds; sf += ds * df; ff += df * df; st += ds * dt; ft += df * dt
        lastTime = now
        runSteps = Double(steps)
        runFlops = flops
        let elapsed = now.timeIntervalSince(start)
        bar?.update(evaluation, status: String(format: "val %.4f  elapsed %@  remaining ~%@", validationLoss,
                                               Self.duration(elapsed), Self.duration(remaining(elapsed))))
    }

    /// The run ended.
    func end(_ message: String) {
        doneFlops += runFlops
        doneSteps += runSteps
        runFlops = 0
        runSteps = 0
        bar?.finish(message)
        bar = nil
    }

    private func remaining(_ elapsed: Double) -> Double {
        let flopsLeft = max(totalFlops - doneFlops - runFlops, 0), stepsLeft = max(totalSteps - doneSteps - runSteps, 0)
        let determinant = ss * ff - sf * sf
        if determinant > 1e-9 * ss * ff {
            let a = (st * ff - ft * sf) / determinant, b = (ft * ss - st * sf) / determinant
            if a >= 0, b >= 0 { return a * stepsLeft + b * flopsLeft / 1e12 }
        }
        let done = doneFlops + runFlops
        return done > 0 ? elapsed * flopsLeft / done : .nan
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
