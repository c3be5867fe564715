import Foundation
import Testing
import TinyformerPlot

/// Confidence bands: a filled polygon under the series, a legend swatch, typed errors for
/// unusable data.
@Suite struct BandTests {
    private func chart(_ band: Band) -> LineChart {
        LineChart(title: "N_opt", xAxis: Axis(label: "C", scale: .log10), yAxis: Axis(label: "N", scale: .log10),
                  series: [Series(name: "fit", x: [1e10, 1e12], y: [1e3, 1e4])], bands: [band])
    }

    @Test func aBandIsAPolygonUnderTheSeriesWithALegendSwatch() throws {
        let svg = try chart(Band(name: "95 % band", x: [1e10, 1e11, 1e12], lower: [5e2, 2e3, 6e3], upper: [2e3, 5e3, 2e4],
                                 color: "#1f77b4")).svg()
        let elements = try #require(parseSVG(svg))
        let polygon = try #require(elements.firstIndex(of: "polygon")), line = try #require(elements.firstIndex(of: "polyline"))
        #expect(polygon < line)
        #expect(svgTexts(svg).contains("95 % band"))
        // Six vertices: along the upper curve, back along the lower one.
        let tag = try #require(svg.range(of: #"<polygon points="[^"]*""#, options: .regularExpression))
        let points = svg[tag].split(separator: "\"")[1]
        #expect(points.split(separator: " ").count == 6)
    }

    @Test func theBandWidensTheAxisRange() throws {
        let svg = try chart(Band(name: "b", x: [1e10, 1e12], lower: [1e1, 1e2], upper: [1e5, 1e6], color: "#000")).svg()
        #expect(svgTexts(svg).contains("1e6"))  // the upper curve reaches 10⁶, beyond every series point
    }

    @Test func unusableBandsAreTypedErrors() {
        #expect(throws: PlotError.self) { try chart(Band(name: "short", x: [1], lower: [1], upper: [2], color: "#000")).svg() }
        #expect(throws: PlotError.self) { try chart(Band(name: "ragged", x: [1, 2], lower: [1], upper: [2, 3], color: "#000")).svg() }
        #expect(throws: PlotError.nonPositiveOnLogAxis(axis: "N", context: "band 'zero' point 0 lower", value: 0)) {
            try chart(Band(name: "zero", x: [1, 2], lower: [0, 1], upper: [2, 3], color: "#000")).svg()
        }
    }
}
