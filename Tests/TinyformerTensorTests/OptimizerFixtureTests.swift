// Sanity check of Fixtures/optim/optimizers.safetensors (used by the optimizer tests elsewhere):
// the trajectories follow torch's documented update rules, re-derived here in Float64, so row k of
// `<name>.params` is the parameter after step k + 1 with gradient `grads[k]`.
import Foundation
import Testing
import TinyformerTestSupport

private enum Rule {
    case sgd(lr: Double, momentum: Double, weightDecay: Double)
    case adam(lr: Double, weightDecay: Double, decoupled: Bool)
}

private func trajectory(_ rule: Rule, initial: [Float], grads: [[Float]]) -> [[Float]] {
    var p = initial.map(Double.init)
    var buffer: [Double]?, m = [Double](repeating: 0, count: p.count), v = m
    var rows: [[Float]] = []
    let (b1, b2, eps) = (0.9, 0.999, 1e-8)
    for (step, grad) in grads.enumerated() {
        let t = Double(step + 1)
        switch rule {
        case let .sgd(lr, momentum, wd):
            let g = zip(grad, p).map { Double($0) + wd * $1 }
            if momentum != 0 {
                buffer = buffer.map { zip($0, g).map { momentum * $0 + $1 } } ?? g
                p = zip(p, buffer!).map { $0 - lr * $1 }
            } else {
                p = zip(p, g).map { $0 - lr * $1 }
            }
        case let .adam(lr, wd, decoupled):
            if decoupled { p = p.map { $0 * (1 - lr * wd) } }
            let g = zip(grad, p).map { Double($0) + (decoupled ? 0 : wd * $1) }
            for i in p.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(b1, t)), vHat = v[i] / (1 - pow(b2, t))
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        rows.append(p.map(Float.init))
    }
    return rows
}

@Test func optimizerFixtureTrajectoriesFollowTorchUpdateRules() throws {
    let f = try Fixture("optim/optimizers")
    let initial = try f.scalars("param.initial"), n = initial.count
    let allGrads = try f.scalars("grads")
    #expect(try f.shape("grads") == [10, 4, 3])
    let grads = (0..<10).map { Array(allGrads[($0 * n)..<(($0 + 1) * n)]) }
    let rules: [(String, Rule)] = [
        ("sgd_momentum", .sgd(lr: 0.1, momentum: 0.9, weightDecay: 0.01)),
        ("sgd", .sgd(lr: 0.1, momentum: 0, weightDecay: 0)),
        ("adam", .adam(lr: 1e-2, weightDecay: 0, decoupled: false)),
        ("adam_wd", .adam(lr: 1e-2, weightDecay: 0.01, decoupled: false)),
        ("adamw", .adam(lr: 1e-2, weightDecay: 0.1, decoupled: true)),
    ]
    for (name, rule) in rules {
        #expect(try f.shape("\(name).params") == [10, 4, 3])
        let expected = trajectory(rule, initial: initial, grads: grads).flatMap { $0 }
        // torch updates in Float32; 1e-5 absorbs its rounding over ten steps.
        assertClose(try f.scalars("\(name).params"), expected, atol: 1e-5, rtol: 1e-5, "optim \(name).params")
    }
}
