/// Steps-to-target versus batch size and the critical batch size.
extension NQM {
    /// For each batch size: the optimal learning rate of `kind` and its steps to `options.targetLoss`;
    /// then the regime fit (perfect scaling, floor, B_crit) and the noise-scale prediction.
    /// Throws `targetNotReached` if some batch size cannot reach the target within `maxSteps`.
    public func batchScaling(for kind: OptimizerKind, batchSizes: [Int], options: SearchOptions,
                             progress: (@Sendable (String) -> Void)? = nil) throws(NQMError) -> BatchScalingResult {
        var stepsOptions = options
        stepsOptions.objective = .stepsToTarget
        let points = try optimalLearningRates(for: kind, batchSizes: batchSizes, options: stepsOptions, progress: progress)
        let reached = points.compactMap { point in point.steps.map { (Double(point.batch), Double(max(1, $0))) } }
        let regime = try RegimeFit.fit(batches: reached.map(\.0), steps: reached.map(\.1))
        let p = kind == .precond ? options.preconditionPower : 0
        return BatchScalingResult(optimizer: kind, points: points, regime: regime,
                                  noiseScalePrediction: initialNoiseScale(preconditionPower: p),
                                  noiseScaleAtTarget: noiseScale(atLoss: options.targetLoss, preconditionPower: p))
    }
}
