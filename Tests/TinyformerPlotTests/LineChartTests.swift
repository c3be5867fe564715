import Foundation
import Testing
import TinyformerPlot

/// Line charts render to well-formed SVG and reject unusable data with typed errors.
@Suite struct LineChartTests {
    private func sampleChart(x: AxisScale = .log10, y: AxisScale = .log10) -> LineChart {
        LineChart(
            title: "steps <vs> batch & \"quotes\"",
            xAxis: Axis(label: "batch size B", scale: x),
            yAxis: Axis(label: "steps", scale: y),
            series: [
                Series(name: "SGD", x: [1, 2, 4, 8, 1024], y: [1000, 500, 250, 130, 40], style: .lineWithMarkers),
                Series(name: "momentum <β=0.9>", x: [1, 8, 1024], y: [1000, 120, 9], style: .dashedLine),
                Series(name: "one point", points: [PlotPoint(x: 16, y: 70)]),
            ],
            referenceLines: [ReferenceLine(.vertical, at: 64, label: "B_crit ≈ 64"),
                             ReferenceLine(.horizontal, at: 40, label: "floor", color: "#aa0000", dashed: false)])
    }

    @Test func logLogChartIsWellFormedSVGWithEveryPart() throws {
        let svg = try sampleChart().svg()
        let elements = try #require(parseSVG(svg))
        #expect(elements.first == "svg")
        #expect(elements.filter { $0 == "polyline" }.count == 2)  // the one-point series is a marker
        #expect(elements.contains("circle"))
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
        let texts = svgTexts(svg)
        #expect(texts.contains("steps <vs> batch & \"quotes\""))  // escaped in the file, intact after parsing
        #expect(texts.contains("momentum <β=0.9>"))
        #expect(texts.contains("B_crit ≈ 64"))
        #expect(texts.contains("1000"))
    }

    @Test func linearAxesRenderToo() throws {
        let chart = LineChart(title: "loss", xAxis: Axis(label: "step"), yAxis: Axis(label: "loss"),
                              series: [Series(name: "a", x: [0, 1, 2, 3], y: [-1, 0.5, 0.25, 0.125])])
        #expect(parseSVG(try chart.svg()) != nil)
    }

    @Test func labelsAreXMLEscaped() throws {
        #expect(XMLEscaping.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;")
        #expect(XMLEscaping.escape("bell\u{07}tab\t") == "belltab\t")
        let svg = try sampleChart().svg()
        #expect(!svg.contains("<vs>"))
        #expect(svg.contains("&lt;vs&gt;"))
    }

    @Test func chartWithoutSeriesThrows() {
        let chart = LineChart(title: "t", xAxis: Axis(label: "x"), yAxis: Axis(label: "y"))
        #expect(throws: PlotError.noSeries) { _ = try chart.svg() }
    }

    @Test func emptySeriesThrows() {
        var chart = sampleChart()
        chart.series.append(Series(name: "empty", points: []))
        #expect(throws: PlotError.emptySeries(name: "empty")) { _ = try chart.svg() }
    }

    @Test func nonPositiveValuesOnALogAxisThrow() throws {
        var chart = sampleChart()
        chart.series[0].points[2].y = 0
        #expect { _ = try chart.svg() } throws: { error in
            guard case PlotError.nonPositiveOnLogAxis(axis: "steps", _, 0) = error else { return false }
            return true
        }
        var xChart = sampleChart(y: .linear)
        xChart.series[1].points[0].x = -4
        #expect { _ = try xChart.svg() } throws: { ($0 as? PlotError).map { if case .nonPositiveOnLogAxis = $0 { true } else { false } } ?? false }
        var lineChart = sampleChart()
        lineChart.referenceLines.append(ReferenceLine(.vertical, at: 0, label: "zero"))
        #expect(throws: PlotError.self) { _ = try lineChart.svg() }
        // The same values are fine on linear axes.
        var linear = sampleChart(x: .linear, y: .linear)
        linear.series[0].points[2].y = 0
        #expect(parseSVG(try linear.svg()) != nil)
    }

    @Test func nonFiniteValuesAndTinySizesThrow() {
        var chart = sampleChart()
        chart.series[0].points[1].y = .nan
        #expect { _ = try chart.svg() } throws: { ($0 as? PlotError).map { if case .nonFiniteValue = $0 { true } else { false } } ?? false }
        var small = sampleChart()
        small.width = 50
        #expect { _ = try small.svg() } throws: { ($0 as? PlotError).map { if case .invalidLayout = $0 { true } else { false } } ?? false }
    }

    @Test func writeIsAtomicAndLeavesNoTemporaryFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("nested/chart.svg")
        try sampleChart().write(to: url)
        try sampleChart(x: .linear).write(to: url)  // replaces the existing file
        let written = try String(contentsOf: url, encoding: .utf8)
        #expect(written == (try sampleChart(x: .linear).svg()))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(siblings == ["chart.svg"])
    }

    @Test func writeFailureIsATypedError() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("plot-blocker-\(UUID().uuidString)")
        try Data("x".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let url = blocker.appendingPathComponent("chart.svg")  // parent is a regular file
        #expect { try sampleChart().write(to: url) } throws: { ($0 as? PlotError).map { if case .writeFailed = $0 { true } else { false } } ?? false }
    }
}
