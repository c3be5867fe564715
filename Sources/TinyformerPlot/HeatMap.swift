import Foundation
import TinyformerIO

/// A matrix of values drawn as coloured cells (e.g. an attention map: rows = queries,
/// columns = keys), with row/column labels and a colour bar, rendered to SVG.
///
/// Cell (i, j) is coloured `Palette.sequential((vᵢⱼ − lo)/(hi − lo))` where lo…hi is `range` or,
/// by default, the matrix' min…max. Throws `PlotError.invalidMatrix` for an empty or ragged
/// matrix or label counts that differ from its shape, and `.nonFiniteValue` for NaN/∞ cells.
public struct HeatMap: Sendable {
    public var title: String
    /// Row-major values: `values[row][column]`.
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// Fixed colour range; `nil` uses min…max of the values.
    public var range: ClosedRange<Double>?
    /// Writes each value inside its cell.
    public var showValues: Bool
    /// Cell edge length in SVG pixels.
    public var cellSize: Double

    public init(title: String, values: [[Double]], rowLabels: [String], columnLabels: [String],
                range: ClosedRange<Double>? = nil, showValues: Bool = false, cellSize: Double = 28) {
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.range = range
        self.showValues = showValues
        self.cellSize = cellSize
    }

    /// Renders the heat map as an SVG document string.
    public func svg() throws(PlotError) -> String {
        let rows = values.count
        guard rows > 0, let columns = values.first?.count, columns > 0 else {
            throw PlotError.invalidMatrix("values must have at least one row and one column")
        }
        for (i, row) in values.enumerated() where row.count != columns {
            throw PlotError.invalidMatrix("row \(i) has \(row.count) values, expected \(columns)")
        }
        guard rowLabels.count == rows else {
            throw PlotError.invalidMatrix("\(rowLabels.count) row labels for \(rows) rows")
        }
        guard columnLabels.count == columns else {
            throw PlotError.invalidMatrix("\(columnLabels.count) column labels for \(columns) columns")
        }
        guard cellSize.isFinite, cellSize >= 2 else {
            throw PlotError.invalidLayout("HeatMap cellSize must be at least 2, got \(cellSize)")
        }
        for (i, row) in values.enumerated() {
            for (j, v) in row.enumerated() where !v.isFinite {
                throw PlotError.nonFiniteValue(context: "HeatMap cell (\(i), \(j))", value: v)
            }
        }
        let flat = values.flatMap { $0 }
        var lo = range?.lowerBound ?? flat.min() ?? 0
        var hi = range?.upperBound ?? flat.max() ?? 1
        guard lo.isFinite, hi.isFinite else {
            throw PlotError.nonFiniteValue(context: "HeatMap range", value: lo.isFinite ? hi : lo)
        }
        if hi <= lo { (lo, hi) = (lo - 0.5, lo + 0.5) }

        let labelSize = min(12, max(7, cellSize * 0.45))
        let left = 16 + (rowLabels.map { SVGBuilder.textWidth($0, size: labelSize) }.max() ?? 0)
        let top = 48 + 0.72 * (columnLabels.map { SVGBuilder.textWidth($0, size: labelSize) }.max() ?? 0)
        let gridWidth = Double(columns) * cellSize
        let gridHeight = Double(rows) * cellSize
        let barX = left + gridWidth + 20
        let width = max(240, barX + 80)
        let height = max(160, top + gridHeight + 20)

        var svg = SVGBuilder(width: width, height: height)
        svg.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff")
        svg.text(title, x: width / 2, y: 24, size: 15, anchor: "middle", weight: "bold")
        for i in 0..<rows {
            let y = top + Double(i) * cellSize
            svg.text(rowLabels[i], x: left - 6, y: y + cellSize / 2 + labelSize * 0.35, size: labelSize, anchor: "end")
            for j in 0..<columns {
                let x = left + Double(j) * cellSize
                let t = (values[i][j] - lo) / (hi - lo)
                svg.rect(x: x, y: y, width: cellSize, height: cellSize, fill: Palette.sequential(t))
                if showValues {
                    svg.text(String(format: "%.2f", values[i][j]), x: x + cellSize / 2, y: y + cellSize / 2 + 3,
                             size: max(6, cellSize * 0.3), anchor: "middle", fill: t > 0.6 ? "#000000" : "#ffffff")
                }
            }
        }
        for j in 0..<columns {
            let x = left + (Double(j) + 0.5) * cellSize
            svg.text(columnLabels[j], x: x, y: top - 6, size: labelSize, rotate: -45)
        }
        svg.rect(x: left, y: top, width: gridWidth, height: gridHeight, fill: "none", stroke: "#333333")
        drawColorBar(&svg, x: barX, top: top, height: gridHeight, lo: lo, hi: hi)
        return svg.document(title: title)
    }

    /// Renders and writes the heat map to `url` atomically (temporary file + rename).
    public func write(to url: URL) throws(PlotError) {
        try writeSVG(try svg(), to: url)
    }

    private func drawColorBar(_ svg: inout SVGBuilder, x: Double, top: Double, height: Double, lo: Double, hi: Double) {
        let stops = (0...10).map { k -> String in
            let t = Double(k) / 10
            return "<stop offset=\"\(SVGBuilder.num(t))\" stop-color=\"\(Palette.sequential(1 - t))\"/>"
        }.joined()
        svg.def("<linearGradient id=\"heatmap-scale\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\(stops)</linearGradient>")
        svg.rect(x: x, y: top, width: 14, height: height, fill: "url(#heatmap-scale)", stroke: "#333333")
        svg.text(String(format: "%.3g", hi), x: x + 18, y: top + 9, size: 10)
        svg.text(String(format: "%.3g", lo), x: x + 18, y: top + height, size: 10)
    }
}
