import TinyformerRandom

/// Seeded resampling with replacement and percentile intervals.
enum Bootstrap {
    /// n indices drawn uniformly with replacement from 0..<n (Lemire's multiply-high, whose bias
    /// of at most n/2⁶⁴ is immaterial here).
    static func resample(_ n: Int, using generator: inout SeededGenerator) -> [Int] {
        (0..<n).map { _ in Int(generator.next().multipliedFullWidth(by: UInt64(n)).high) }
    }

    /// The [(1 − level)/2, (1 + level)/2] percentiles of `values` with linear interpolation
    /// between order statistics (numpy's default `percentile`); nil without values.
    static func interval(_ values: [Double], level: Double = 0.95) -> [Double]? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        func percentile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
        return [percentile((1 - level) / 2), percentile((1 + level) / 2)]
    }
}
