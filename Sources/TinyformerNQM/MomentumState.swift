/// Internal: second moments (E[w²], E[wv], E[v²]) of all coordinates for the momentum loop.
struct MomentumState {
    var ww: [Double]
    var wv: [Double]
    var vv: [Double]

    init(dimension: Int, squaredWeights: [Double]) {
        ww = squaredWeights
        wv = [Double](repeating: 0, count: dimension)
        vv = [Double](repeating: 0, count: dimension)
    }

    /// Advances one step; returns Σ hᵢ E[wᵢ²] (twice the expected loss).
    mutating func step(_ c: MomentCoefficients) -> Double {
        let b = c.beta, b2 = c.beta * c.beta
        var total = 0.0
        let d = c.dimension
        c.a.withUnsafeBufferPointer { a in
            c.q.withUnsafeBufferPointer { q in
                c.curvatures.withUnsafeBufferPointer { h in
                    ww.withUnsafeMutableBufferPointer { ww in
                        wv.withUnsafeMutableBufferPointer { wv in
                            vv.withUnsafeMutableBufferPointer { vv in
                                for i in 0..<d {
                                    let ai = a[i], k = 1 - ai
                                    let w2 = ww[i], x = wv[i]
                                    let tail = b2 * vv[i] + q[i]
                                    let nextW = k * k * w2 + 2 * b * k * x + tail
                                    ww[i] = nextW
                                    wv[i] = -ai * k * w2 + b * (1 - 2 * ai) * x + tail
                                    vv[i] = ai * ai * w2 - 2 * ai * b * x + tail
                                    total += h[i] * nextW
                                }
                            }
                        }
                    }
                }
            }
        }
        return total
    }
}
