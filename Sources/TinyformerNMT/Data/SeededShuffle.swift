import TinyformerRandom

// The data pipeline's only random operation: a permutation drawn from a `SeededGenerator`.
// The standard library's `shuffled(using:)` does not promise a fixed algorithm across Swift
// releases, and the committed fixtures and splits must not change when the toolchain does, so the
// algorithm is spelled out here.

extension SeededGenerator {
    /// A uniform integer in 0..<bound (bound ≥ 1), by rejection: 64-bit draws below
    /// 2^64 mod bound are discarded, the rest are reduced modulo `bound`.
    mutating func uniformIndex(below bound: Int) -> Int {
        let b = UInt64(bound)
        let threshold = (0 &- b) % b  // 2^64 mod b
        while true {
            let r = next()
            if r >= threshold { return Int(r % b) }
        }
    }
}

/// A permutation of 0..<count by the Fisher–Yates shuffle: for i = count-1 down to 1, swap
/// element i with element j = `uniformIndex(below: i + 1)`.
func seededPermutation(count: Int, generator: inout SeededGenerator) -> [Int] {
    var order = Array(0..<count)
    var i = count - 1
    while i > 0 {
        let j = generator.uniformIndex(below: i + 1)
        order.swapAt(i, j)
        i -= 1
    }
    return order
}
