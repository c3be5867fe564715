import Foundation

/// A loss curve y(x) (x = cumulative FLOPs, increasing) read between its points by straight
/// lines in log-log space:
///
///     log y = log yᵢ + (log x − log xᵢ) / (log xᵢ₊₁ − log xᵢ) · (log yᵢ₊₁ − log yᵢ)   for xᵢ ≤ x ≤ xᵢ₊₁
///
/// and not at all outside [x₀, xₙ] (no extrapolation).
public struct LogLogCurve: Sendable, Equatable {
    public let x: [Double]
    public let y: [Double]

    /// Keeps the points with positive finite x and y, in order; x must increase strictly.
    /// - Throws: `FitError.invalidValue` when x does not increase, `.insufficientData` when no
    ///   point is usable.
    public init(x: [Double], y: [Double]) throws(FitError) {
        var xs: [Double] = [], ys: [Double] = []
        for (a, b) in zip(x, y) where a > 0 && a.isFinite && b > 0 && b.isFinite {
            if let last = xs.last, a <= last { throw .invalidValue("curve x values must increase, got \(a) after \(last)") }
            xs.append(a)
            ys.append(b)
        }
        guard !xs.isEmpty else { throw .insufficientData("the curve has no point with positive finite x and y") }
        self.x = xs
        self.y = ys
    }

    /// The first and last x.
    public var range: ClosedRange<Double> { x[0]...x[x.count - 1] }

    /// y at `value`, or nil outside the curve's range.
    public func value(at value: Double) -> Double? {
        guard value.isFinite, range.contains(value) else { return nil }
        var high = x.partitioningIndex { $0 >= value }
        if x[high] == value { return y[high] }
        high = max(high, 1)
        let low = high - 1
        let t = (log(value) - log(x[low])) / (log(x[high]) - log(x[low]))
        return exp(log(y[low]) + t * (log(y[high]) - log(y[low])))
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true
    /// along the array (binary search); `count` when none does.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
