import Foundation

/// Everything that can go wrong while building or writing a chart. Chart and heat-map rendering
/// validate their input and throw one of these instead of trapping.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A chart was asked to render without any series.
    case noSeries
    /// A series has no points (charts need at least one point per series).
    case emptySeries(name: String)
    /// A coordinate is NaN or infinite.
    case nonFiniteValue(context: String, value: Double)
    /// A value that must be placed on a log10 axis is zero or negative.
    case nonPositiveOnLogAxis(axis: String, context: String, value: Double)
    /// Width, height or another layout parameter is unusable.
    case invalidLayout(String)
    /// A heat map's matrix is empty or ragged, or its labels do not match its shape.
    case invalidMatrix(String)
    /// Writing the output file failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .noSeries:
            return "LineChart: no series to draw (add at least one Series)"
        case .emptySeries(let name):
            return "LineChart: series '\(name)' has no points"
        case .nonFiniteValue(let context, let value):
            return "\(context): expected a finite value, got \(value)"
        case .nonPositiveOnLogAxis(let axis, let context, let value):
            return "\(context): \(value) cannot be drawn on the log10 \(axis) axis (values must be > 0)"
        case .invalidLayout(let message):
            return "layout: \(message)"
        case .invalidMatrix(let message):
            return "HeatMap: \(message)"
        case .writeFailed(let path, let reason):
            return "could not write \(path): \(reason)"
        }
    }
}
