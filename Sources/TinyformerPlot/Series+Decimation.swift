extension Series {
    /// The most points a chart draws per series; longer series are decimated when drawn, so a
    /// chart of ten million steps stays a small file that a browser can open.
    public static let maximumDrawnPoints = 2000

    /// At most `maxPoints` (≥ 4) of the points, chosen so the drawn line keeps its shape: the
    /// first and last point, and the lowest and highest point (by y) of each of
    /// (maxPoints − 2) / 2 equal runs of the points between them, in their order.
    public func decimated(maxPoints: Int = Series.maximumDrawnPoints) -> Series {
        let limit = max(maxPoints, 4)
        guard points.count > limit else { return self }
        let inner = points.count - 2
        let buckets = (limit - 2) / 2
        var kept = [points[0]]
        kept.reserveCapacity(limit)
        for b in 0..<buckets {
            let start = 1 + b * inner / buckets, end = 1 + (b + 1) * inner / buckets
            guard start < end else { continue }
            var low = start, high = start
            for i in start..<end {
                if points[i].y < points[low].y { low = i }
                if points[i].y > points[high].y { high = i }
            }
            if low == high {
                kept.append(points[low])
            } else {
                kept.append(points[min(low, high)])
                kept.append(points[max(low, high)])
            }
        }
        kept.append(points[points.count - 1])
        var copy = self
        copy.points = kept
        return copy
    }
}
