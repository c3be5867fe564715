/// Internal: an affine map u ↦ M u + b on R³ (M row-major), used to jump the second-moment
/// recursion many steps at once.
struct AffineMap3: Sendable {
    var matrix: [Double]
    var offset: [Double]

    static let identity = AffineMap3(matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1], offset: [0, 0, 0])

    /// self ∘ other: u ↦ M_s (M_o u + b_o) + b_s.
    func after(_ other: AffineMap3) -> AffineMap3 {
        var m = [Double](repeating: 0, count: 9)
        var b = [Double](repeating: 0, count: 3)
        for r in 0..<3 {
            var acc = offset[r]
            for k in 0..<3 {
                acc += matrix[r * 3 + k] * other.offset[k]
                for col in 0..<3 { m[r * 3 + col] += matrix[r * 3 + k] * other.matrix[k * 3 + col] }
            }
            b[r] = acc
        }
        return AffineMap3(matrix: m, offset: b)
    }

    func apply(_ u: [Double]) -> [Double] {
        (0..<3).map { r in offset[r] + matrix[r * 3] * u[0] + matrix[r * 3 + 1] * u[1] + matrix[r * 3 + 2] * u[2] }
    }
}
