import Foundation
import Testing
import TinyformerScaling
import TinyformerTestSupport

/// `Fixtures/scaling/reference.json`, written by Scripts/make_scaling_fixtures.py (numpy, scipy).
struct Reference: Decodable {
    struct PolyfitCase: Decodable {
        var name: String
        var x: [Double]
        var y: [Double]
        var degree: Int
        var coefficients: [Double]
    }
    struct Interpolation: Decodable {
        var x: [Double]
        var y: [Double]
        var queries: [Double]
        var values: [Double]
    }
    struct Percentile: Decodable {
        var values: [Double]
        var interval: [Double]
    }
    struct IsoFLOPBudget: Decodable {
        var flops: Double
        var params: [Int]
        var losses: [Double]
        var fit: [Double]
        var n_opt: Double
    }
    struct IsoFLOP: Decodable {
        var budgets: [IsoFLOPBudget]
        var a: Double
        var intercept: Double
    }
    struct Parametric: Decodable {
        struct Point: Decodable {
            var params: Int
            var tokens: Double
            var loss: Double
        }
        struct Law: Decodable {
            var E: Double
            var A: Double
            var B: Double
            var alpha: Double
            var beta: Double
        }
        var delta: Double
        var points: [Point]
        var truth: Law
        var fit: Law
        var objective: Double
    }
    var polyfit: [PolyfitCase]
    var interpolation: Interpolation
    var percentile: Percentile
    var isoflop: IsoFLOP
    var parametric: Parametric

    static func load() throws -> Reference {
        let url = packageRoot.appendingPathComponent("Fixtures/scaling/reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}

/// Checks |a − b| ≤ atol + rtol·|b| element by element and reports the worst element.
func expectClose(_ actual: [Double], _ expected: [Double], atol: Double = 0, rtol: Double = 1e-9, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst: (index: Int, excess: Double)?
    for i in actual.indices {
        let allowed = atol + rtol * abs(expected[i])
        let error = abs(actual[i] - expected[i])
        if !(error <= allowed), worst == nil || error - allowed > worst!.excess { worst = (i, error - allowed) }
    }
    if let worst {
        let i = worst.index
        Issue.record("\(what): worst element [\(i)] of \(actual.count) is \(actual[i]), expected \(expected[i]) (|error| \(abs(actual[i] - expected[i])) > atol \(atol) + rtol \(rtol)·|expected|)",
                     sourceLocation: sourceLocation)
    }
}

/// A fresh empty folder under the temporary directory.
func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("tinyformer-scaling-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A sweep that never prints.
func silentSweep(_ plan: SweepPlan, _ directory: URL, shard: Shard = .all) -> Sweep {
    let sweep = Sweep(plan: plan, directory: directory)
    sweep.shard = shard
    sweep.log = { _ in }
    sweep.showProgress = false
    sweep.progressOutput = { _ in }
    return sweep
}

/// Quick settings made smaller still for tests that train: three sizes, few epochs or budgets.
func tinySettings(_ sweepProtocol: SweepProtocol) -> SweepSettings {
    var settings = SweepSettings.defaults(for: sweepProtocol, quick: true)
    settings.hiddenSizes = [8, 12, 16]
    settings.epochs = 3
    return settings
}
