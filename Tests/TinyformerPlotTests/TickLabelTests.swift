import Testing
import TinyformerPlot

/// Tick labels as they appear in a chart.
@Suite struct TickLabelTests {
    @Test func logAxesLabelDecadesAndTheirTwoAndFiveMultiplesCompactly() throws {
        let chart = LineChart(title: "t", xAxis: Axis(label: "x", scale: .log10), yAxis: Axis(label: "y", scale: .log10),
                              series: [Series(name: "s", x: [1e-7, 1e7], y: [0.05, 0.9])])
        let texts = svgTexts(try chart.svg())
        for label in ["1e-7", "1e-5", "0.001", "10", "100000", "1e7", "0.01", "0.1", "1", "0.02", "0.05", "0.2", "0.5"] {
            #expect(texts.contains(label), "missing tick label \(label)")
        }
    }
}
