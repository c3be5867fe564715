/// Colours used by the charts: a categorical palette for series (Tableau 10) and a sequential
/// colour map for heat maps (viridis control points, linearly interpolated).
public enum Palette {
    /// Categorical series colours, used in order when a series has no explicit colour.
    public static let categorical: [String] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    /// The i-th categorical colour (wrapping around).
    public static func color(at index: Int) -> String {
        let n = categorical.count
        return categorical[((index % n) + n) % n]
    }

    private static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// Viridis colour for t in [0, 1] (clamped) as "#rrggbb".
    public static func sequential(_ t: Double) -> String {
        let clamped = t.isFinite ? min(max(t, 0), 1) : 0
        let scaled = clamped * Double(viridis.count - 1)
        let i = min(Int(scaled), viridis.count - 2)
        let f = scaled - Double(i)
        let (r0, g0, b0) = viridis[i]
        let (r1, g1, b1) = viridis[i + 1]
        func hex(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * f).rounded())
            let digits = String(v, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + hex(r0, r1) + hex(g0, g1) + hex(b0, b1)
    }
}
