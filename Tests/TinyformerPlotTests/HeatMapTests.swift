import Foundation
import Testing
import TinyformerPlot

/// Heat maps (attention maps) render cells, labels and a colour bar, and validate their matrix.
@Suite struct HeatMapTests {
    private let attention: [[Double]] = [[1, 0, 0], [0.4, 0.6, 0], [0.2, 0.3, 0.5]]

    @Test func heatMapIsWellFormedSVGWithOneRectPerCell() throws {
        let map = HeatMap(title: "attention <layer 0>", values: attention, rowLabels: ["<s>", "le", "chat"],
                          columnLabels: ["<s>", "the", "cat"], showValues: true)
        let svg = try map.svg()
        let elements = try #require(parseSVG(svg))
        // 9 cells + background + frame + colour bar.
        #expect(elements.filter { $0 == "rect" }.count == 9 + 3)
        #expect(elements.contains("linearGradient"))
        let texts = svgTexts(svg)
        #expect(texts.contains("<s>"))
        #expect(texts.contains("0.60"))
    }

    @Test func cellColoursFollowTheValueRange() throws {
        let svg = try HeatMap(title: "m", values: [[0, 1]], rowLabels: ["r"], columnLabels: ["a", "b"]).svg()
        #expect(svg.contains(Palette.sequential(0)))
        #expect(svg.contains(Palette.sequential(1)))
        #expect(Palette.sequential(0) == "#440154")
        #expect(Palette.sequential(1) == "#fde725")
    }

    @Test func malformedMatricesThrow() {
        let cases: [HeatMap] = [
            HeatMap(title: "empty", values: [], rowLabels: [], columnLabels: []),
            HeatMap(title: "empty row", values: [[]], rowLabels: ["r"], columnLabels: []),
            HeatMap(title: "ragged", values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"]),
            HeatMap(title: "rows", values: [[1, 2]], rowLabels: ["a", "b"], columnLabels: ["x", "y"]),
            HeatMap(title: "columns", values: [[1, 2]], rowLabels: ["a"], columnLabels: ["x"]),
        ]
        for map in cases {
            #expect(throws: PlotError.self, "\(map.title)") { _ = try map.svg() }
        }
        let nan = HeatMap(title: "nan", values: [[1, .nan]], rowLabels: ["a"], columnLabels: ["x", "y"])
        #expect { _ = try nan.svg() } throws: { ($0 as? PlotError).map { if case .nonFiniteValue = $0 { true } else { false } } ?? false }
    }

    @Test func constantMatrixStillRenders() throws {
        let map = HeatMap(title: "flat", values: [[2, 2], [2, 2]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        #expect(parseSVG(try map.svg()) != nil)
    }
}
