import Foundation
import TinyformerIO

/// All three of Hoffmann et al.'s estimates from one sweep folder: Approach 1 (the envelope of
/// the loss curves), Approach 2 (IsoFLOP profiles) and Approach 3 (the parametric L(N, D)),
/// each with bootstrap intervals and its N_opt, D_opt at the target budget, next to
/// Chinchilla's published a ≈ b ≈ 0.5 and the 20-tokens-per-parameter rule.
public struct ScalingFit: Sendable {
    public let sweep: LoadedSweep
    public let options: FitOptions
    public let points: SweepPoints
    public let isoflop: IsoFLOPAnalysis
    public let envelope: EnvelopeAnalysis
    public let parametric: ParametricAnalysis
    /// The FLOP values of the charts' lines and bands: from the smallest budget to beyond the
    /// target.
    public let bandGrid: [Double]

    /// Fits a loaded sweep.
    /// - Throws: `FitError.invalidValue` for bad options.
    public init(sweep: LoadedSweep, options: FitOptions = FitOptions()) throws(FitError) {
        try options.validate()
        self.sweep = sweep
        self.options = options
        let points = SweepPoints(sweep)
        self.points = points
        let budgets = sweep.plan.budgets.filter { $0 > 0 && $0.isFinite }
        let low = min(budgets.min() ?? options.target, options.target) / 2
        let high = max(budgets.max() ?? options.target, options.target) * 2
        bandGrid = EnvelopeAnalysis.logSpaced(low...high, count: 41)
        isoflop = IsoFLOPAnalysis.fit(points: points.budgets, replicates: options.replicates, seed: options.seed,
                                      target: options.target, grid: bandGrid)
        envelope = EnvelopeAnalysis.fit(curves: points.curves, gridCount: options.envelopePoints, replicates: options.replicates,
                                        seed: options.seed, target: options.target, grid: bandGrid)
        parametric = ParametricAnalysis.fit(points: points.allPoints, delta: options.huberDelta, grid: options.grid,
                                            restarts: options.parametricRestarts, replicates: options.parametricReplicates,
                                            seed: options.seed, target: options.target, band: bandGrid)
    }

    /// The JSON report.
    public var report: FitReport {
        FitReport(sweepProtocol: sweep.plan.settings.sweepProtocol, targetFlops: options.target, profiles: isoflop.profiles,
                  isoflop: AllocationSummary(law: isoflop.law, bootstrap: isoflop.bootstrap, target: options.target),
                  envelope: AllocationSummary(law: envelope.law, bootstrap: envelope.bootstrap, target: options.target),
                  envelopePoints: envelope.points, parametric: parametric,
                  parametricSummary: AllocationSummary(law: parametric.law?.allocation, bootstrap: parametric.bootstrap, target: options.target),
                  huberDelta: options.huberDelta, warnings: warnings)
    }

    /// Every warning: the sweep's (runs left out), the points', then each approach's.
    public var warnings: [String] {
        sweep.warnings + points.warnings + isoflop.warnings + envelope.warnings + parametric.warnings
    }

    /// The report as pretty-printed, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }

    /// Writes `fits.json` (or `json`), `fits.csv`, `profiles.csv` and the four charts into
    /// `directory`, each atomically; returns the files written. A chart without data is skipped
    /// with a warning in `skipped`.
    @discardableResult
    public func write(to directory: URL, json jsonURL: URL? = nil) throws -> (written: [URL], skipped: [String]) {
        var written: [URL] = [], skipped: [String] = []
        let jsonTarget = jsonURL ?? directory.appendingPathComponent("fits.json")
        try AtomicFile.write(try json(), to: jsonTarget, createDirectories: true)
        written.append(jsonTarget)
        for (name, text) in [("fits.csv", FitTables.approaches(self)), ("profiles.csv", FitTables.profiles(self))] {
            let url = directory.appendingPathComponent(name)
            try AtomicFile.write(text, to: url, createDirectories: true)
            written.append(url)
        }
        let charts = [("loss_vs_flops.svg", ScalingCharts.lossVersusFlops(sweep, budgets: sweep.plan.budgets)),
                      ("isoflop.svg", ScalingCharts.isoflop(isoflop.profiles)),
                      ("optimal_params.svg", AllocationCharts.chart(.params, fit: self)),
                      ("optimal_tokens.svg", AllocationCharts.chart(.tokens, fit: self))]
        for (name, chart) in charts {
            let url = directory.appendingPathComponent(name)
            do {
                try chart.write(to: url)
                written.append(url)
            } catch {
                skipped.append("\(name) not drawn: \(error)")
            }
        }
        return (written, skipped)
    }
}
