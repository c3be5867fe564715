import Foundation

// The project's one source of randomness. Every random choice in Tinyformer (initialisation,
// dropout, shuffling, Monte Carlo noise) draws from a `SeededGenerator` created from an explicit
// seed, so the same seed on the same machine gives the same numbers.

/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018) whose 256-bit state is
/// filled from the 64-bit seed with SplitMix64.
///
/// - `next()` returns 64 uniformly distributed bits (the `RandomNumberGenerator` requirement),
///   so it also drives the standard library's `shuffled(using:)` and `Int.random(in:using:)`.
/// - `nextFloat()` / `nextDouble()` are uniform in [0, 1) built from the top 24 / 53 bits.
/// - `nextNormal()` is N(0, 1) by the Box–Muller transform; both values of each pair are used.
///
/// The sequence is a function of the seed only (it does not match PyTorch's generator; fixtures
/// that must match PyTorch are generated in Python and loaded, never re-drawn).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double?

    /// Creates a generator whose whole future sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
        spareNormal = nil
    }

    /// 64 uniformly distributed random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 24 random bits.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextFloat()
    }

    /// A standard normal sample, N(0, 1), by Box–Muller.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - nextDouble()
        let u2 = nextDouble()
        let radius = (-2.0 * log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// Derives an independent generator (for a sub-task such as one Monte Carlo run) without
    /// disturbing the statistical quality of either stream.
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

