import Foundation

/// Internal: lays out and draws a validated `LineChart`.
struct LineChartRenderer {
    let chart: LineChart

    private let titleSize = 16.0
    private let labelSize = 13.0
    private let tickSize = 11.0
    private let legendSize = 12.0

    func render() throws(PlotError) -> String {
        let names = chart.series.map(\.name) + chart.bands.map(\.name)
        let legendWidth = chart.showLegend
            ? min(260, 44 + (names.map { SVGBuilder.textWidth($0, size: legendSize) }.max() ?? 0))
            : 0
        let left = 78.0, top = 44.0
        let right = chart.width - 20 - legendWidth
        let bottom = chart.height - 56
        guard right - left >= 80, bottom - top >= 60 else {
            throw PlotError.invalidLayout("LineChart \(chart.width)×\(chart.height) leaves no room for the plot area (legend \(Int(legendWidth)) px)")
        }

        var xs = chart.series.flatMap { $0.points.map(\.x) }
        var ys = chart.series.flatMap { $0.points.map(\.y) }
        xs += chart.bands.flatMap(\.x)
        ys += chart.bands.flatMap { $0.lower + $0.upper }
        for line in chart.referenceLines {
            if line.orientation == .vertical { xs.append(line.value) } else { ys.append(line.value) }
        }
        let xMap = try AxisMapping(axis: chart.xAxis, values: xs, pixelLow: left, pixelHigh: right)
        let yMap = try AxisMapping(axis: chart.yAxis, values: ys, pixelLow: bottom, pixelHigh: top)

        var svg = SVGBuilder(width: chart.width, height: chart.height)
        svg.def("<clipPath id=\"plot-area\"><rect x=\"\(SVGBuilder.num(left))\" y=\"\(SVGBuilder.num(top))\" width=\"\(SVGBuilder.num(right - left))\" height=\"\(SVGBuilder.num(bottom - top))\"/></clipPath>")
        svg.rect(x: 0, y: 0, width: chart.width, height: chart.height, fill: "#ffffff")
        svg.text(chart.title, x: (left + right) / 2, y: 26, size: titleSize, anchor: "middle", weight: "bold")

        drawGrid(&svg, xMap: xMap, yMap: yMap, left: left, right: right, top: top, bottom: bottom)
        svg.rect(x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: "#333333")
        drawTickLabels(&svg, xMap: xMap, yMap: yMap, left: left, bottom: bottom)
        svg.text(chart.xAxis.label, x: (left + right) / 2, y: chart.height - 14, size: labelSize, anchor: "middle")
        svg.text(chart.yAxis.label, x: 18, y: (top + bottom) / 2, size: labelSize, anchor: "middle", rotate: -90)

        svg.raw("<g clip-path=\"url(#plot-area)\">")
        for band in chart.bands { drawBand(&svg, band, xMap: xMap, yMap: yMap) }
        for (index, series) in chart.series.enumerated() {
            drawSeries(&svg, series, color: series.style.color ?? Palette.color(at: index), xMap: xMap, yMap: yMap)
        }
        // Labels of successive vertical lines are stacked so they do not overlap.
        var verticalSlot = 0
        for line in chart.referenceLines {
            drawReferenceLine(&svg, line, slot: verticalSlot, xMap: xMap, yMap: yMap, left: left, right: right, top: top, bottom: bottom)
            if line.orientation == .vertical { verticalSlot += 1 }
        }
        svg.raw("</g>")
        if chart.showLegend { drawLegend(&svg, x: right + 16, y: top + 4) }
        return svg.document(title: chart.title)
    }

    private func drawGrid(_ svg: inout SVGBuilder, xMap: AxisMapping, yMap: AxisMapping,
                          left: Double, right: Double, top: Double, bottom: Double) {
        for tick in xMap.minorTicks {
            let x = xMap.position(tick)
            svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#f0f0f0")
        }
        for tick in yMap.minorTicks {
            let y = yMap.position(tick)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: "#f0f0f0")
        }
        for tick in xMap.ticks {
            let x = xMap.position(tick)
            svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#dddddd")
        }
        for tick in yMap.ticks {
            let y = yMap.position(tick)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: "#dddddd")
        }
    }

    private func drawTickLabels(_ svg: inout SVGBuilder, xMap: AxisMapping, yMap: AxisMapping,
                                left: Double, bottom: Double) {
        for tick in xMap.ticks {
            let x = xMap.position(tick)
            svg.line(x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: "#333333")
            svg.text(xMap.label(tick), x: x, y: bottom + 18, size: tickSize, anchor: "middle")
        }
        for tick in yMap.ticks {
            let y = yMap.position(tick)
            svg.line(x1: left - 5, y1: y, x2: left, y2: y, stroke: "#333333")
            svg.text(yMap.label(tick), x: left - 8, y: y + 4, size: tickSize, anchor: "end")
        }
        for tick in xMap.labelledMinorTicks {
            svg.text(xMap.label(tick), x: xMap.position(tick), y: bottom + 16, size: tickSize - 2, anchor: "middle", fill: "#666666")
        }
        for tick in yMap.labelledMinorTicks {
            svg.text(yMap.label(tick), x: left - 8, y: yMap.position(tick) + 3, size: tickSize - 2, anchor: "end", fill: "#666666")
        }
    }

    private func drawSeries(_ svg: inout SVGBuilder, _ series: Series, color: String,
                            xMap: AxisMapping, yMap: AxisMapping) {
        let pixels = series.decimated().points.map { (xMap.position($0.x), yMap.position($0.y)) }
        let style = series.style
        if style.line, pixels.count > 1 {
            let coordinates = pixels.map { "\(SVGBuilder.num($0.0)),\(SVGBuilder.num($0.1))" }.joined(separator: " ")
            let dash = style.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg.raw("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(SVGBuilder.attr(color))\" stroke-width=\"\(SVGBuilder.num(style.lineWidth))\" stroke-linejoin=\"round\"\(dash)/>")
        }
        if style.markers || !style.line || pixels.count == 1 {
            for (x, y) in pixels {
                svg.raw("<circle cx=\"\(SVGBuilder.num(x))\" cy=\"\(SVGBuilder.num(y))\" r=\"3\" fill=\"\(SVGBuilder.attr(color))\"/>")
            }
        }
    }

    /// The polygon along the upper curve and back along the lower one.
    private func drawBand(_ svg: inout SVGBuilder, _ band: Band, xMap: AxisMapping, yMap: AxisMapping) {
        let upper = zip(band.x, band.upper).map { (xMap.position($0), yMap.position($1)) }
        let lower = zip(band.x, band.lower).reversed().map { (xMap.position($0), yMap.position($1)) }
        let coordinates = (upper + lower).map { "\(SVGBuilder.num($0.0)),\(SVGBuilder.num($0.1))" }.joined(separator: " ")
        svg.raw("<polygon points=\"\(coordinates)\" fill=\"\(SVGBuilder.attr(band.color))\" fill-opacity=\"\(SVGBuilder.num(band.opacity))\" stroke=\"none\"/>")
    }

    private func drawReferenceLine(_ svg: inout SVGBuilder, _ line: ReferenceLine, slot: Int, xMap: AxisMapping,
                                   yMap: AxisMapping, left: Double, right: Double, top: Double, bottom: Double) {
        let dash = line.dashed ? "4 3" : nil
        switch line.orientation {
        case .vertical:
            let x = xMap.position(line.value)
            svg.line(x1: x, y1: top, x2: x, y2: bottom, stroke: line.color, width: 1.5, dash: dash)
            let labelWidth = SVGBuilder.textWidth(line.label, size: tickSize)
            let fitsRight = x + 4 + labelWidth <= right
            svg.text(line.label, x: fitsRight ? x + 4 : x - 4, y: top + 14 + 14 * Double(slot), size: tickSize,
                     anchor: fitsRight ? "start" : "end", fill: line.color)
        case .horizontal:
            let y = yMap.position(line.value)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: line.color, width: 1.5, dash: dash)
            svg.text(line.label, x: left + 6, y: y - 5, size: tickSize, fill: line.color)
        }
    }

    private func drawLegend(_ svg: inout SVGBuilder, x: Double, y: Double) {
        for (index, series) in chart.series.enumerated() {
            let color = series.style.color ?? Palette.color(at: index)
            let rowY = y + Double(index) * 20
            if series.style.line {
                svg.line(x1: x, y1: rowY + 6, x2: x + 26, y2: rowY + 6, stroke: color,
                         width: series.style.lineWidth, dash: series.style.dashed ? "6 4" : nil)
            }
            if series.style.markers || !series.style.line {
                svg.raw("<circle cx=\"\(SVGBuilder.num(x + 13))\" cy=\"\(SVGBuilder.num(rowY + 6))\" r=\"3\" fill=\"\(SVGBuilder.attr(color))\"/>")
            }
            svg.text(series.name, x: x + 32, y: rowY + 10, size: legendSize)
        }
        for (index, band) in chart.bands.enumerated() {
            let rowY = y + Double(chart.series.count + index) * 20
            svg.raw("<rect x=\"\(SVGBuilder.num(x))\" y=\"\(SVGBuilder.num(rowY))\" width=\"26\" height=\"12\" fill=\"\(SVGBuilder.attr(band.color))\" fill-opacity=\"\(SVGBuilder.num(band.opacity))\"/>")
            svg.text(band.name, x: x + 32, y: rowY + 10, size: legendSize)
        }
    }
}
