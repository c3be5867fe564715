import Foundation
import TinyformerIO

/// Several charts (heat maps, line charts) stacked into one SVG file, top to bottom with a gap,
/// e.g. the attention maps of every layer for every translated word.
public struct FigureStack: Sendable {
    /// Complete SVG documents as produced by `HeatMap.svg()` / `LineChart.svg()`.
    public var figures: [String]
    public var gap: Double

    public init(figures: [String], gap: Double = 16) {
        self.figures = figures
        self.gap = gap
    }

    /// One SVG document holding every figure as a nested `<svg>` at its offset.
    public func svg() throws(PlotError) -> String {
        guard !figures.isEmpty else { throw PlotError.invalidLayout("FigureStack needs at least one figure") }
        var body = "", y = 0.0, width = 0.0
        for (index, figure) in figures.enumerated() {
            guard let size = Self.size(of: figure), let start = figure.range(of: "<svg") else {
                throw PlotError.invalidLayout("figure \(index) is not an SVG document with width and height")
            }
            // The root tag gets its offset; the XML declaration before it is dropped.
            let root = figure[start.lowerBound...]
            body += "<svg x=\"0\" y=\"\(y)\"" + root.dropFirst(4) + "\n"
            y += size.height + gap
            width = max(width, size.width)
        }
        let height = max(0, y - gap)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
            + body + "</svg>\n"
    }

    /// Writes the stacked SVG atomically.
    public func write(to url: URL) throws(PlotError) {
        try writeSVG(try svg(), to: url)
    }

    /// The root element's width and height attributes.
    static func size(of svg: String) -> (width: Double, height: Double)? {
        guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = String(svg[open.upperBound..<close])
        func attribute(_ name: String) -> Double? {
            guard let r = tag.range(of: " \(name)=\"") else { return nil }
            let rest = tag[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return Double(rest[..<end])
        }
        guard let w = attribute("width"), let h = attribute("height") else { return nil }
        return (w, h)
    }
}

/// Writes a rendered chart atomically (temp file + rename), creating missing folders; failures
/// become `PlotError.writeFailed`.
func writeSVG(_ text: String, to url: URL) throws(PlotError) {
    do {
        try AtomicFile.write(text, to: url, createDirectories: true)
    } catch {
        throw .writeFailed(path: error.path, reason: error.reason)
    }
}
