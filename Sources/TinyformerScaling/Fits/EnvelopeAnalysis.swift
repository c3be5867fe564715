import Foundation
import TinyformerRandom

/// One run's loss curve for the envelope.
public struct RunCurve: Sendable, Equatable {
    public var run: String
    /// N.
    public var params: Int
    /// Validation loss against course FLOPs.
    public var curve: LogLogCurve

    public init(run: String, params: Int, curve: LogLogCurve) {
        self.run = run
        self.params = params
        self.curve = curve
    }
}

/// The envelope's point at one FLOP value: the lowest loss of any curve there and its run.
public struct EnvelopePoint: Codable, Sendable, Equatable {
    public var flops: Double
    public var run: String
    public var params: Int
    public var loss: Double
}

/// Approach 1 (Hoffmann et al., §3.1): at each FLOP value C of a grid, the minimum loss over
/// every run's curve (read by log-log interpolation, never extrapolated), the N of the run that
/// attains it, and the power law N_opt = 10^c · C^a fitted through those (C, N) pairs, with
/// D_opt = C / (6 · N_opt). The grid is `gridCount` log-spaced values over the FLOPs where at
/// least two curves overlap. Bootstrap intervals resample the runs (curves) with replacement.
public struct EnvelopeAnalysis: Sendable {
    public var points: [EnvelopePoint]
    public var law: AllocationLaw?
    public var bootstrap: BootstrapSummary?
    public var warnings: [String]

    public static func fit(curves: [RunCurve], gridCount: Int = 40, replicates: Int, seed: UInt64, target: Double,
                           grid band: [Double]) -> EnvelopeAnalysis {
        guard let range = overlap(curves) else {
            return EnvelopeAnalysis(points: [], law: nil, bootstrap: nil,
                                    warnings: ["envelope: no two runs' curves overlap in FLOPs; no envelope"])
        }
        let grid = logSpaced(range, count: gridCount)
        let points = envelope(curves, grid: grid)
        var warnings: [String] = []
        let law = line(points)
        let sizes = Set(points.map(\.params))
        if law == nil {
            warnings.append("envelope: its \(points.count) points cannot give a power law")
        } else if sizes.count < 2 {
            warnings.append("envelope: one size (N = \(sizes.first ?? 0)) is best over the whole range \(SweepPlan.label(range.lowerBound))…\(SweepPlan.label(range.upperBound)); its exponent is 0 and says nothing about scaling")
        }
        var summary: BootstrapSummary?
        if law != nil, replicates > 0 {
            var generator = SeededGenerator(seed: seed)
            var laws: [AllocationLaw] = []
            for _ in 0..<replicates {
                let sample = Bootstrap.resample(curves.count, using: &generator).map { curves[$0] }
                if let replicate = line(envelope(sample, grid: grid)) { laws.append(replicate) }
            }
            summary = BootstrapSummary(laws: laws, replicates: replicates, seed: seed, target: target, grid: band)
        }
        return EnvelopeAnalysis(points: points, law: law, bootstrap: summary, warnings: warnings)
    }

    /// The lowest-loss curve at every grid value covered by at least one curve.
    static func envelope(_ curves: [RunCurve], grid: [Double]) -> [EnvelopePoint] {
        grid.compactMap { flops in
            var best: EnvelopePoint?
            for curve in curves {
                guard let loss = curve.curve.value(at: flops) else { continue }
                if best == nil || loss < best!.loss {
                    best = EnvelopePoint(flops: flops, run: curve.run, params: curve.params, loss: loss)
                }
            }
            return best
        }
    }

    /// The power law through the envelope's (C, N) pairs; nil with fewer than two distinct C.
    static func line(_ points: [EnvelopePoint]) -> AllocationLaw? {
        guard Set(points.map(\.flops)).count >= 2,
              let law = try? PowerLaw.fit(x: points.map(\.flops), y: points.map { Double($0.params) }) else { return nil }
        return AllocationLaw(params: law)
    }

    /// [the smallest, the largest] FLOP value where at least two curves are defined.
    static func overlap(_ curves: [RunCurve]) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for i in curves.indices {
            for j in curves.indices where j > i {
                let a = curves[i].curve.range, b = curves[j].curve.range
                let start = max(a.lowerBound, b.lowerBound), end = min(a.upperBound, b.upperBound)
                if start <= end {
                    low = min(low, start)
                    high = max(high, end)
                }
            }
        }
        return low <= high ? low...high : nil
    }

    /// `count` values from range's bounds, evenly spaced in log.
    static func logSpaced(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        guard count > 1, range.lowerBound < range.upperBound else { return [range.lowerBound] }
        let low = log10(range.lowerBound), high = log10(range.upperBound)
        return (0..<count).map { i in i == count - 1 ? range.upperBound : pow(10, low + (high - low) * Double(i) / Double(count - 1)) }
    }
}
