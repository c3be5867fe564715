import Testing
import TinyformerRandom

@Suite struct SeededGeneratorTests {
    @Test func sameSeedGivesTheSameSequence() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsGiveDifferentSequences() {
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 2)
        #expect((0..<16).map { _ in a.next() } != (0..<16).map { _ in b.next() })
    }

    @Test func firstOutputsOfSeedZeroAreStable() {
        // Pinned so that a change to the generator (which would silently change every seeded
        // result in the project) fails loudly. Values from this implementation's first release,
        // cross-checked against the reference xoshiro256** seeded by SplitMix64 (see below).
        var g = SeededGenerator(seed: 0)
        let first = (0..<3).map { _ in g.next() }
        #expect(first == Self.referenceXoshiro(seed: 0, count: 3))
    }

    @Test func uniformFloatsLieInTheUnitIntervalWithTheRightMean() {
        var g = SeededGenerator(seed: 7)
        let samples = (0..<100_000).map { _ in g.nextFloat() }
        #expect(samples.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = samples.reduce(0, +) / Float(samples.count)
        #expect(abs(mean - 0.5) < 0.005)  // σ/√n ≈ 0.0009
    }

    @Test func normalSamplesHaveZeroMeanAndUnitVariance() {
        var g = SeededGenerator(seed: 11)
        let n = 200_000
        let samples = (0..<n).map { _ in g.nextNormal() }
        let mean = samples.reduce(0, +) / Double(n)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        #expect(abs(mean) < 0.01)  // σ/√n ≈ 0.0022
        #expect(abs(variance - 1) < 0.02)
    }

    @Test func splitStreamsAreIndependentOfEachOther() {
        var parent = SeededGenerator(seed: 3)
        var a = parent.split(), b = parent.split()
        #expect((0..<8).map { _ in a.next() } != (0..<8).map { _ in b.next() })
    }

    /// Straight transcription of the published reference algorithms (Vigna's splitmix64.c and
    /// xoshiro256starstar.c), independent of the implementation under test.
    static func referenceXoshiro(seed: UInt64, count: Int) -> [UInt64] {
        var x = seed
        func splitmix64() -> UInt64 {
            x = x &+ 0x9e3779b97f4a7c15
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
        var s = [splitmix64(), splitmix64(), splitmix64(), splitmix64()]
        func rotl(_ v: UInt64, _ k: UInt64) -> UInt64 { (v << k) | (v >> (64 - k)) }
        var out: [UInt64] = []
        for _ in 0..<count {
            out.append(rotl(s[1] &* 5, 7) &* 9)
            let t = s[1] << 17
            s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)
        }
        return out
    }
}
