import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TinyformerPlot
@testable import TinyformerNQM

/// CSV, JSON and chart outputs of the `nqm` subcommands.
@Suite struct NQMReportTests {
    private func smallStudy() throws -> [BatchScalingResult] {
        let nqm = try NQM.diagonal(dimension: 20)
        let options = SearchOptions(targetLoss: 0.1, momentumGrid: [0.5, 0.9])
        return try [OptimizerKind.sgd, .momentum].map { try nqm.batchScaling(for: $0, batchSizes: [1, 4, 16, 64], options: options) }
    }

    @Test func stepsVsBatchJSONHasTheDocumentedShape() throws {
        let json = try NQMReport.json(smallStudy())
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(list.count == 2)
        #expect(list.map { $0["optimizer"] as? String } == ["sgd", "momentum"])
        for entry in list {
            #expect(entry["critical_batch"] is Double)
            #expect(entry["noise_scale_prediction"] is Double)
            let points = try #require(entry["points"] as? [[String: Any]])
            #expect(points.map { $0["batch"] as? Int } == [1, 4, 16, 64])
            #expect(points.allSatisfy { $0["lr"] is Double && $0["steps"] is Int })
        }
        #expect((list[1]["points"] as? [[String: Any]])?.first?["momentum"] is Double)
        #expect((list[0]["points"] as? [[String: Any]])?.first?["momentum"] == nil)
        let decoded = try JSONDecoder().decode([BatchScalingResult].self, from: Data(json.utf8))
        #expect(decoded == (try smallStudy()))
    }

    @Test func csvFilesHaveAHeaderAndOneRowPerPoint() throws {
        let results = try smallStudy()
        let steps = NQMReport.stepsVsBatchCSV(results).split(separator: "\n")
        #expect(steps.first == "optimizer,batch,lr,momentum,steps,lr_limit")
        #expect(steps.count == 1 + 8)
        let lr = NQMReport.optimalLearningRateCSV(results[0].points).split(separator: "\n")
        #expect(lr.first == "batch,lr,steps,momentum,loss,lr_limit")
        #expect(lr.count == 5)
        #expect(NQMReport.stepsVsBatchTable(results).contains("| sgd |"))
    }

    @Test func chartsRenderAsWellFormedSVG() throws {
        let results = try smallStudy()
        let nqm = try NQM.diagonal(dimension: 6)
        let simulation = try nqm.simulate(optimizer: .sgd(learningRate: 0.5), batchSize: 2, steps: 20, runs: 20, seed: 1)
        let charts = [NQMCharts.stepsVsBatch(results, targetLoss: 0.1), NQMCharts.optimalLearningRate(results[1].points, kind: .momentum),
                      NQMCharts.simulation(simulation)]
        for chart in charts {
            let svg = try chart.svg()
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(chart.title): \(String(describing: parser.parserError))")
            #expect(svg.contains("<polyline"))
        }
        #expect(NQMReport.simulationCSV(simulation).hasPrefix("step,exact,mc_mean,mc_standard_error,mc_ci_low,mc_ci_high\n"))
    }
}
