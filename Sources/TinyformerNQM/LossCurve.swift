/// An expected-loss curve: `loss[j]` = E[L] after `steps[j]` optimiser steps.
public struct LossCurve: Codable, Sendable, Equatable {
    public var steps: [Int]
    public var loss: [Double]

    public init(steps: [Int], loss: [Double]) {
        self.steps = steps
        self.loss = loss
    }
}
