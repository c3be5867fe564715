import Testing
@testable import TinyformerNQM

/// |a − b| ≤ atol + rtol·|b| element-wise; on failure records the worst element.
func expectClose(_ actual: [Double], _ expected: [Double], atol: Double, rtol: Double,
                 _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    var worst: (index: Int, excess: Double)?
    for (i, (a, b)) in zip(actual, expected).enumerated() {
        let excess = abs(a - b) - (atol + rtol * abs(b))
        if excess > 0, excess > (worst?.excess ?? 0) { worst = (i, excess) }
    }
    if let worst {
        Issue.record("\(what): worst element \(worst.index): \(actual[worst.index]) vs \(expected[worst.index]) (atol \(atol), rtol \(rtol))",
                     sourceLocation: sourceLocation)
    }
}

/// Runs `body` and checks that it throws an `NQMError` satisfying `matches`.
func expectNQMError(_ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                    _ matches: (NQMError) -> Bool = { _ in true }, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("\(what): expected an NQMError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as NQMError {
        #expect(matches(error), "\(what): unexpected error \(error)", sourceLocation: sourceLocation)
        #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what): expected an NQMError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// The batch-size study the findings tests share (computed once, ≈ 2 s in a debug build):
/// diagonal NQM d = 100 (hᵢ = 1/i, cᵢ = hᵢ, w₀ = 1), target loss 0.05, B = 1, 2, 4, …, 4096.
enum Study {
    static let batchSizes = (0...12).map { 1 << $0 }
    static let options = SearchOptions(targetLoss: 0.05, maxSteps: 200_000)

    static func model() throws -> NQM { try NQM.diagonal(dimension: 100) }

    static let results: Result<[OptimizerKind: BatchScalingResult], NQMError> = {
        do {
            let nqm = try model()
            var out: [OptimizerKind: BatchScalingResult] = [:]
            for kind in OptimizerKind.allCases {
                out[kind] = try nqm.batchScaling(for: kind, batchSizes: batchSizes, options: options)
            }
            return .success(out)
        } catch let error as NQMError {
            return .failure(error)
        } catch {
            return .failure(.invalidModel("\(error)"))
        }
    }()

    static func result(_ kind: OptimizerKind) throws -> BatchScalingResult {
        guard let result = try results.get()[kind] else { throw NQMError.invalidModel("no result for \(kind)") }
        return result
    }
}
