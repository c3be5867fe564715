import Testing
import TinyformerPlot

@Suite struct DecimationTests {
    private func series(_ count: Int) -> Series {
        Series(name: "s", x: (0..<count).map(Double.init), y: (0..<count).map { i in i == 777 ? 1e6 : i == 31_337 ? -1e6 : Double(i % 10) })
    }

    @Test func shortSeriesAreKeptWhole() {
        let short = series(Series.maximumDrawnPoints)
        #expect(short.decimated() == short)
    }

    @Test func longSeriesKeepAtMostTheLimitWithBothEndsAndEveryExtreme() {
        let long = series(100_000).decimated()
        #expect(long.points.count <= Series.maximumDrawnPoints)
        #expect(long.points.first?.x == 0 && long.points.last?.x == 99_999)
        #expect(long.points.contains { $0.y == 1e6 } && long.points.contains { $0.y == -1e6 })
        #expect(zip(long.points, long.points.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func aChartOfAMillionPointsStaysSmall() throws {
        let chart = LineChart(title: "long", xAxis: Axis(label: "x"), yAxis: Axis(label: "y"),
                              series: [Series(name: "s", x: (0..<1_000_000).map(Double.init), y: (0..<1_000_000).map { Double($0 % 7) })])
        #expect(try chart.svg().utf8.count < 200_000)
    }
}
