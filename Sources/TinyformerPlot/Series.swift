/// A named sequence of points drawn as one line (and/or markers) and listed in the legend.
public struct Series: Equatable, Sendable {
    public var name: String
    public var points: [PlotPoint]
    public var style: SeriesStyle

    public init(name: String, points: [PlotPoint], style: SeriesStyle = .solid) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// Builds a series from parallel x and y arrays (extra elements of the longer one are ignored).
    public init(name: String, x: [Double], y: [Double], style: SeriesStyle = .solid) {
        self.init(name: name, points: zip(x, y).map { PlotPoint(x: $0, y: $1) }, style: style)
    }
}
