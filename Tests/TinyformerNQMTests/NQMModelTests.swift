import Foundation
import Testing
@testable import TinyformerNQM

/// Model definition, loss, stability limit and the McCandlish noise scale.
@Suite struct NQMModelTests {
    @Test func defaultDiagonalSpectrumIsOneOverIWithNoiseEqualToCurvature() throws {
        let nqm = try NQM.diagonal(dimension: 4, noiseStd: 2)
        #expect(nqm.curvatures == [1, 0.5, 1.0 / 3, 0.25])
        #expect(nqm.noiseVariances == nqm.curvatures.map { 4 * $0 })
        #expect(abs(nqm.initialLoss - 0.5 * (1 + 0.5 + 1.0 / 3 + 0.25)) < 1e-15)
    }

    @Test func stabilityLimitIsTwoOnePlusBetaOverPreconditionedCurvature() throws {
        let nqm = try NQM(curvatures: [4, 1], noiseVariances: [1, 1], initialPoint: [1, 1])
        #expect(nqm.stabilityLimit() == 0.5)
        #expect(abs(nqm.stabilityLimit(momentum: 0.9) - 0.95) < 1e-15)
        #expect(abs(nqm.stabilityLimit(preconditionPower: 0.5) - 1) < 1e-15)  // 2 / 4^(1/2)
        #expect(nqm.stabilityLimit(preconditionPower: 1) == 2)
    }

    @Test func initialNoiseScaleIsTraceOfHSigmaOverGradientCurvature() throws {
        // tr(HΣ) = 1·2 + 0.5·1 = 2.5; g = Hw₀ = (1, 1); gᵀHg = 1.5.
        let nqm = try NQM(curvatures: [1, 0.5], noiseVariances: [2, 1], initialPoint: [1, 2])
        #expect(abs(nqm.initialNoiseScale() - 2.5 / 1.5) < 1e-14)
        // P = H⁻¹: tr(PHPΣ) = Σ cᵢ/hᵢ = 4; gᵀPHPg = Σ gᵢ²/hᵢ = 3.
        #expect(abs(nqm.initialNoiseScale(preconditionPower: 1) - 4.0 / 3) < 1e-14)
        // Along the ray through w₀ the noise scale grows like L(w₀)/L.
        #expect(abs(nqm.noiseScale(atLoss: nqm.initialLoss / 10) - 10 * 2.5 / 1.5) < 1e-12)
        #expect(try NQM.scalar(curvature: 1, noiseStd: 1, initialPoint: 0).initialNoiseScale() == .infinity)
    }

    @Test func modelRoundTripsThroughJSONAndRejectsInvalidJSON() throws {
        let nqm = try NQM.diagonal(dimension: 3)
        let decoded = try JSONDecoder().decode(NQM.self, from: JSONEncoder().encode(nqm))
        #expect(decoded == nqm)
        let bad = Data(#"{"curvatures":[1,-1],"noiseVariances":[1,1],"initialPoint":[1,1]}"#.utf8)
        #expect(throws: NQMError.self) { _ = try JSONDecoder().decode(NQM.self, from: bad) }
    }

    @Test func pointsOfTheWrongDimensionThrow() throws {
        let nqm = try NQM.diagonal(dimension: 3)
        #expect(abs(try nqm.loss(at: [1, 1, 1]) - nqm.initialLoss) < 1e-15)
        #expect(throws: NQMError.self) { _ = try nqm.loss(at: [1, 1]) }
        #expect(throws: NQMError.self) { _ = try nqm.noiseScale(at: [1]) }
        #expect(throws: NQMError.self) { _ = try nqm.noiseScale(at: [1, 2, 3, 4]) }
    }
}
