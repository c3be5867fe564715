import Foundation
import TinyformerIO

/// A 2-D line chart rendered to a standalone SVG document.
///
/// Each `Series` is drawn as a polyline (optionally dashed, optionally with point markers) in
/// data order and listed in the legend; `bands` fill the region between two curves under the
/// series (confidence bands); `referenceLines` draw labelled x = c or y = c markers.
/// Axes are linear or log10 (`AxisScale`) with ticks from `AxisTicks`. A point (x, y) lands at
/// pixel (X(x), Y(y)) where X/Y are the affine maps of v (linear) or log₁₀ v (log10) from the
/// tick-rounded data range onto the plot rectangle (y grows upwards).
///
/// Rendering validates everything first and throws `PlotError` for: no series, an empty series,
/// a NaN/∞ coordinate, a value ≤ 0 on a log10 axis, a band whose arrays differ in length or hold
/// fewer than two points, or an unusable size.
public struct LineChart: Sendable {
    public var title: String
    public var xAxis: Axis
    public var yAxis: Axis
    public var series: [Series]
    public var referenceLines: [ReferenceLine]
    /// Filled regions drawn under the series.
    public var bands: [Band]
    /// Overall size in SVG pixels.
    public var width: Double
    public var height: Double
    public var showLegend: Bool

    public init(title: String, xAxis: Axis, yAxis: Axis, series: [Series] = [],
                referenceLines: [ReferenceLine] = [], width: Double = 760, height: Double = 480,
                showLegend: Bool = true, bands: [Band] = []) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.referenceLines = referenceLines
        self.width = width
        self.height = height
        self.showLegend = showLegend
        self.bands = bands
    }

    /// Renders the chart as an SVG document string.
    public func svg() throws(PlotError) -> String {
        try validate()
        return try LineChartRenderer(chart: self).render()
    }

    /// Renders and writes the chart to `url` atomically (temporary file + rename).
    public func write(to url: URL) throws(PlotError) {
        try writeSVG(try svg(), to: url)
    }

    /// Checks the data before any drawing.
    func validate() throws(PlotError) {
        guard width.isFinite, height.isFinite, width >= 200, height >= 150 else {
            throw PlotError.invalidLayout("LineChart size must be at least 200×150, got \(width)×\(height)")
        }
        guard !series.isEmpty else { throw PlotError.noSeries }
        for s in series {
            guard !s.points.isEmpty else { throw PlotError.emptySeries(name: s.name) }
            for (i, p) in s.points.enumerated() {
                let context = "series '\(s.name)' point \(i)"
                try Self.check(p.x, axis: xAxis, context: context + " x")
                try Self.check(p.y, axis: yAxis, context: context + " y")
            }
        }
        for band in bands {
            guard band.x.count >= 2, band.lower.count == band.x.count, band.upper.count == band.x.count else {
                throw PlotError.invalidLayout("band '\(band.name)' needs at least two points and equal x, lower and upper counts, got \(band.x.count), \(band.lower.count), \(band.upper.count)")
            }
            for i in band.x.indices {
                let context = "band '\(band.name)' point \(i)"
                try Self.check(band.x[i], axis: xAxis, context: context + " x")
                try Self.check(band.lower[i], axis: yAxis, context: context + " lower")
                try Self.check(band.upper[i], axis: yAxis, context: context + " upper")
            }
        }
        for line in referenceLines {
            let axis = line.orientation == .vertical ? xAxis : yAxis
            try Self.check(line.value, axis: axis, context: "reference line '\(line.label)'")
        }
        for axis in [xAxis, yAxis] {
            if let range = axis.range {
                try Self.check(range.lowerBound, axis: axis, context: "\(axis.label) range lower bound")
                try Self.check(range.upperBound, axis: axis, context: "\(axis.label) range upper bound")
            }
        }
    }

    private static func check(_ v: Double, axis: Axis, context: String) throws(PlotError) {
        guard v.isFinite else { throw PlotError.nonFiniteValue(context: context, value: v) }
        if axis.scale == .log10, v <= 0 {
            throw PlotError.nonPositiveOnLogAxis(axis: axis.label, context: context, value: v)
        }
    }
}
