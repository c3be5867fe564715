/// Drawing style of a line-chart series.
public struct SeriesStyle: Equatable, Sendable {
    /// CSS colour; `nil` picks the next colour of the chart palette.
    public var color: String?
    /// Draws the line dashed ("6 4" dash pattern).
    public var dashed: Bool
    /// Draws a circle marker on every point.
    public var markers: Bool
    /// Whether to connect the points with a line (false gives a scatter plot with markers).
    public var line: Bool
    /// Line width in SVG pixels.
    public var lineWidth: Double

    public init(color: String? = nil, dashed: Bool = false, markers: Bool = false, line: Bool = true, lineWidth: Double = 2) {
        self.color = color
        self.dashed = dashed
        self.markers = markers
        self.line = line
        self.lineWidth = lineWidth
    }

    /// A solid line.
    public static let solid = SeriesStyle()
    /// A dashed line.
    public static let dashedLine = SeriesStyle(dashed: true)
    /// A solid line with a marker on every point.
    public static let lineWithMarkers = SeriesStyle(markers: true)
}
