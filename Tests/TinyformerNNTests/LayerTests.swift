import Foundation
import Testing
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

@Suite struct LayerTests {
    @Test func linearInitialisationStaysWithinPyTorchsKaimingUniformBound() throws {
        var generator = SeededGenerator(seed: 1)
        let layer = try Linear(inputWidth: 64, outputWidth: 32, using: &generator)
        let bound: Float = 1 / 8
        #expect(layer.weight.scalars.allSatisfy { abs($0) <= bound })
        #expect(layer.bias!.scalars.allSatisfy { abs($0) <= bound })
        // Uniform on [-b, b] has variance b²/3; 2,048 samples land well within 10 %.
        let w = layer.weight.scalars, mean = w.reduce(0, +) / Float(w.count)
        let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(w.count)
        #expect(abs(variance - bound * bound / 3) < 0.1 * bound * bound / 3)
    }

    @Test func sameSeedGivesTheSameParameters() throws {
        #expect(try TinyNetwork(seed: 9).stateDict() == TinyNetwork(seed: 9).stateDict())
        #expect(try TinyNetwork(seed: 9).stateDict() != TinyNetwork(seed: 10).stateDict())
    }

    @Test func parametersHaveHuggingFaceStyleDottedNames() throws {
        let names = try TinyNetwork().namedParameters.map(\.name)
        #expect(names.contains("blocks.1.attention.query.weight"))
        #expect(names.contains("blocks.0.mlp.fc2.bias"))
        #expect(Set(names).count == names.count)
    }

    @Test func sinusoidalEncodingFollowsTheFormula() throws {
        let pe = try SinusoidalPositionalEncoding(maxLength: 50, width: 8)
        let table = pe.table.scalars
        for (pos, i) in [(0, 0), (3, 2), (17, 6), (49, 4)] {
            let angle = Double(pos) / pow(10000, Double(i) / 8)
            #expect(abs(table[pos * 8 + i] - Float(sin(angle))) < 1e-6)
            #expect(abs(table[pos * 8 + i + 1] - Float(cos(angle))) < 1e-6)
        }
    }

    @Test func sinusoidalEncodingRejectsSequencesLongerThanItsTable() throws {
        let pe = try SinusoidalPositionalEncoding(maxLength: 4, width: 8)
        #expect(throws: TensorError.self) { try pe(Tensor.zeros([2, 5, 8])) }
    }

    @Test func attentionRejectsWidthsNotDivisibleByHeads() throws {
        var generator = SeededGenerator(seed: 0)
        #expect(throws: ModuleError.self) { try MultiHeadAttention(width: 10, heads: 3, using: &generator) }
    }

    @Test func exponentialScheduleMultipliesEachEpoch() {
        let schedule = LearningRateSchedule.exponential(initial: 5e-4, gamma: 0.99)
        #expect(schedule.rate(at: 0) == 5e-4)
        #expect(abs(schedule.rate(at: 10) - 5e-4 * pow(0.99, 10)) < 1e-9)
    }

    @Test func linearWarmupDecayMatchesHuggingFacesSchedule() {
        let schedule = LearningRateSchedule.linearWarmupDecay(peak: 1, warmupSteps: 10, totalSteps: 110)
        #expect(schedule.rate(at: 0) == 0)
        #expect(schedule.rate(at: 5) == 0.5)
        #expect(schedule.rate(at: 10) == 1)
        #expect(schedule.rate(at: 60) == 0.5)
        #expect(schedule.rate(at: 110) == 0)
        #expect(schedule.rate(at: 200) == 0)
    }
}
