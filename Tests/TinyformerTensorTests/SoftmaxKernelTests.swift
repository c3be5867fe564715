// The shim's row softmax (vectorised with an AVX2 exponential when the CPU has it) against a
// Double-precision reference, for every row length around the 8-lane vector width, with causal
// and key-padding masks.
import COpenBLAS
import Foundation
import Testing
import TinyformerTestSupport

/// softmax(scale·x) over the kept entries (masked → 0) and the log-sum-exp, in Double.
private func referenceSoftmax(_ x: [Float], scale: Float, kept: [Bool]) -> (y: [Float], logSumExp: Double) {
    let values = zip(x, kept).map { $1 ? Double(scale) * Double($0) : -Double.infinity }
    let maxValue = values.max() ?? -.infinity
    guard maxValue > -.infinity else { return (Array(repeating: 0, count: x.count), -.infinity) }
    let exps = values.map { $0 == -.infinity ? 0 : Foundation.exp($0 - maxValue) }
    let sum = exps.reduce(0, +)
    return (exps.map { Float($0 / sum) }, maxValue + Foundation.log(sum))
}

@Test(arguments: [1, 3, 7, 8, 9, 15, 16, 17, 33])
func maskedSoftmaxMatchesADoubleReference(keys tk: Int) throws {
    let tq = 5, scale: Float = 0.37
    let x = try randomTensor([2, tq, tk], seed: UInt64(tk), std: 4).scalars  // (B, Tq, Tk)
    let padding: [UInt8] = (0..<(2 * tk)).map { ($0 % 5 == 3) ? 1 : 0 }  // (B, Tk); batch 1 keeps key 0 masked when tk > 3
    for causal in [false, true] {
        for padded in [false, true] {
            var y = [Float](repeating: .nan, count: x.count)
            padding.withUnsafeBufferPointer { pad in
                tf_masked_softmax_forward(2, Int32(tq), Int32(tk), scale, causal ? 1 : 0, padded ? pad.baseAddress : nil, x, &y)
            }
            var expected: [Float] = []
            for b in 0..<2 {
                for i in 0..<tq {
                    let kept = (0..<tk).map { j in (!causal || j <= i) && (!padded || padding[b * tk + j] == 0) }
                    let row = Array(x[((b * tq + i) * tk)..<((b * tq + i + 1) * tk)])
                    expected += referenceSoftmax(row, scale: scale, kept: kept).y
                }
            }
            assertClose(y, expected, atol: 1e-7, rtol: 1e-6, "softmax tk \(tk) causal \(causal) padded \(padded)")
        }
    }
}

@Test(arguments: [1, 8, 30, 31])
func rowSoftmaxReturnsProbabilitiesAndLogSumExp(columns n: Int) throws {
    let rows = 6
    let x = try randomTensor([rows, n], seed: 40 + UInt64(n), std: 10).scalars  // (R, N)
    var y = [Float](repeating: .nan, count: x.count), lse = [Float](repeating: .nan, count: rows)
    tf_softmax_rows(rows, Int32(n), x, &y, &lse)
    for r in 0..<rows {
        let reference = referenceSoftmax(Array(x[(r * n)..<((r + 1) * n)]), scale: 1, kept: Array(repeating: true, count: n))
        assertClose(Array(y[(r * n)..<((r + 1) * n)]), reference.y, atol: 1e-7, rtol: 1e-6, "row \(r) probabilities")
        assertClose([lse[r]], [Float(reference.logSumExp)], atol: 1e-6, rtol: 1e-6, "row \(r) logsumexp")
    }
}

@Test func aFullyMaskedRowIsZeros() {
    let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    let padding = [UInt8](repeating: 1, count: 9)
    var y = [Float](repeating: .nan, count: 9)
    tf_masked_softmax_forward(1, 1, 9, 1, 0, padding, x, &y)
    #expect(y == Array(repeating: 0, count: 9))
}
