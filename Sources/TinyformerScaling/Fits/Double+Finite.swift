extension Double {
    /// Self when finite, else nil (so JSON never holds NaN).
    var finite: Double? { isFinite ? self : nil }
}
