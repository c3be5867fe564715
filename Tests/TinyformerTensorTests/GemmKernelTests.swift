// Every GEMM kernel of the shim (cblas_sgemm, the broadcast kernel with 6/4/1-row blocks and
// masked column tails, dot products, packed Bᵀ) computes C = alpha·op(A)·op(B) + beta·C for every
// transpose combination, against a Float64 reference.
import COpenBLAS
import Testing
import TinyformerRandom

/// (m, n, k) covering row remainders 0–5 after 6-row blocks, column tails after 16/8, k = 1, the
/// attention sizes, and linear-layer sizes on both sides of the kernel-choice thresholds.
private let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (5, 7, 3), (6, 16, 8), (11, 10, 32), (13, 24, 9), (20, 20, 64), (31, 33, 17),
    (40, 64, 32), (97, 96, 32), (64, 129, 70), (250, 96, 32), (37, 128, 128), (96, 32, 600), (7, 530, 5),
]

private func reference(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float, _ a: [Float], _ b: [Float],
                       _ beta: Float, _ c: [Float]) -> [Double] {
    (0..<(m * n)).map { index in
        let i = index / n, j = index % n
        var sum = 0.0
        for p in 0..<k {
            let av = ta ? a[p * m + i] : a[i * k + p], bv = tb ? b[j * k + p] : b[p * n + j]
            sum += Double(av) * Double(bv)
        }
        return Double(alpha) * sum + Double(beta) * Double(c[index])
    }
}

@Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
func everyKernelMatchesAFloat64Reference(transposeA: Bool, transposeB: Bool) throws {
    var generator = SeededGenerator(seed: 99)
    for (m, n, k) in shapes {
        let a = (0..<(m * k)).map { _ in generator.uniform(-1, 1) }, b = (0..<(k * n)).map { _ in generator.uniform(-1, 1) }
        let c0 = (0..<(m * n)).map { _ in generator.uniform(-1, 1) }
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let chosen = tf_use_small_kernel(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k))
        for kernel in Set([0, 1, 2, chosen]) where kernel != 2 || transposeB {
            for (alpha, beta): (Float, Float) in [(1, 0), (0.5, 1), (-2, 0.25)] {
                var c = c0
                tf_gemm_with_kernel(kernel, transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                                    a, Int32(lda), b, Int32(ldb), beta, &c, Int32(n))
                let expected = reference(transposeA, transposeB, m, n, k, alpha, a, b, beta, c0)
                var worst = (error: 0.0, index: 0)
                for i in 0..<c.count where abs(Double(c[i]) - expected[i]) > worst.error {
                    worst = (abs(Double(c[i]) - expected[i]), i)
                }
                // Float32 accumulation over k terms of size ≤ |alpha|: error ≲ k·2⁻²⁴·|alpha|.
                let bound = 1e-6 * Double(k) * Double(max(abs(alpha), 1)) + 1e-6
                #expect(worst.error <= bound,
                        "kernel \(kernel) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k) alpha \(alpha) beta \(beta): worst |error| \(worst.error) at \(worst.index) (C \(c[worst.index]), expected \(expected[worst.index]))")
            }
        }
    }
}

@Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
func everyKernelAddsTheBiasToEveryRow(transposeA: Bool, transposeB: Bool) throws {
    var generator = SeededGenerator(seed: 98)
    for (m, n, k) in shapes {
        let a = (0..<(m * k)).map { _ in generator.uniform(-1, 1) }, b = (0..<(k * n)).map { _ in generator.uniform(-1, 1) }
        let bias = (0..<n).map { _ in generator.uniform(-1, 1) }
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let chosen = tf_use_small_kernel(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k))
        let product = reference(transposeA, transposeB, m, n, k, 0.75, a, b, 0, [Float](repeating: 0, count: m * n))
        for kernel in Set([0, 1, 2, chosen]) where kernel != 2 || transposeB {
            var c = [Float](repeating: .nan, count: m * n)  // never read
            tf_gemm_bias(kernel, transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), 0.75,
                         a, Int32(lda), b, Int32(ldb), bias, &c, Int32(n))
            var worst = (error: 0.0, index: 0)
            for i in 0..<c.count {
                let error = abs(Double(c[i]) - (product[i] + Double(bias[i % n])))
                if !(error <= worst.error) { worst = (error, i) }
            }
            #expect(worst.error <= 1e-6 * Double(k) + 1e-6,
                    "kernel \(kernel) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N") \(m)×\(n)×\(k) with bias: worst |error| \(worst.error) at \(worst.index)")
        }
    }
}
