// Seeded permutations and derived seeds, spelled out: the standard library's `shuffled(using:)`
// does not promise a fixed algorithm across Swift releases, and committed fixtures, data splits
// and batch orders must not change when the toolchain does.

extension SeededGenerator {
    /// A uniform integer in 0..<bound (bound ≥ 1), by rejection: 64-bit draws below
    /// 2^64 mod bound are discarded, the rest are reduced modulo `bound`.
    public mutating func uniformIndex(below bound: Int) -> Int {
        let b = UInt64(max(bound, 1))
        let threshold = (0 &- b) % b  // 2^64 mod b
        while true {
            let r = next()
            if r >= threshold { return Int(r % b) }
        }
    }

    /// A permutation of 0..<count by the Fisher–Yates shuffle: for i = count-1 down to 1, swap
    /// element i with element j = `uniformIndex(below: i + 1)`.
    public mutating func permutation(count: Int) -> [Int] {
        var order = Array(0..<max(count, 0))
        var i = count - 1
        while i > 0 {
            let j = uniformIndex(below: i + 1)
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }

    /// The seed of stream `index` (an epoch, a replica) derived from `seed`: SplitMix64's
    /// finaliser of `seed ^ finaliser(index + 1)`, so neighbouring streams are unrelated.
    public static func streamSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return mix(seed ^ mix(UInt64(bitPattern: Int64(index)) &+ 1))
    }
}
