/// One chart axis: its label, scale and (optionally) a fixed data range.
///
/// Without `range` the axis covers all series points and reference lines, widened to nice tick
/// bounds (see `AxisTicks`).
public struct Axis: Equatable, Sendable {
    public var label: String
    public var scale: AxisScale
    /// Optional fixed range `lower...upper` in data units (still widened to tick bounds).
    public var range: ClosedRange<Double>?

    public init(label: String, scale: AxisScale = .linear, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.scale = scale
        self.range = range
    }
}
