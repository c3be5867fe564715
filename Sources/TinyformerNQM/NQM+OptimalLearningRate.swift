import Foundation

/// Optimal learning rate per batch size.
extension NQM {
    /// The optimiser configuration of `kind` that is best at batch size B under `options`
    /// (fewest steps to the target, or lowest E[L_T]); η is searched in log space strictly inside
    /// the stability region, and for `.momentum` over (η, β) with β from `options.momentumGrid`.
    ///
    /// Throws `NQMError.targetNotReached` when no learning rate reaches the target within
    /// `options.maxSteps` (steps objective).
    public func optimalLearningRate(for kind: OptimizerKind, batchSize: Int,
                                    options: SearchOptions) throws(NQMError) -> BatchPoint {
        try options.validate(for: self)
        try Self.validateBatchSizes([batchSize])
        var search = LearningRateSearch(model: self, batchSize: batchSize, options: options)
        switch kind {
        case .sgd: search.search(momentum: 0, preconditionPower: 0)
        case .precond: search.search(momentum: 0, preconditionPower: options.preconditionPower)
        case .momentum:
            for beta in options.momentumGrid { search.search(momentum: beta, preconditionPower: 0) }
        }
        guard let best = search.best else {
            throw NQMError.targetNotReached(target: options.targetLoss, batchSize: batchSize, maxSteps: options.maxSteps)
        }
        let config = best.config
        let limit = stabilityLimit(momentum: config.momentum, preconditionPower: config.preconditionPower)
        switch options.objective {
        case .stepsToTarget:
            return BatchPoint(batch: batchSize, learningRate: config.learningRate, steps: Int(best.value),
                              momentum: kind == .momentum ? config.momentum : nil, learningRateLimit: limit)
        case .lossAfter:
            let steps = try stepsToTarget(options.targetLoss, optimizer: config, batchSize: batchSize, maxSteps: options.maxSteps)
            return BatchPoint(batch: batchSize, learningRate: config.learningRate, steps: steps,
                              momentum: kind == .momentum ? config.momentum : nil, loss: best.value,
                              learningRateLimit: limit)
        }
    }

    /// `optimalLearningRate` for each batch size (ascending, duplicates removed), computed on all
    /// cores; `progress` receives one line per finished batch size.
    public func optimalLearningRates(for kind: OptimizerKind, batchSizes: [Int], options: SearchOptions,
                                     progress: (@Sendable (String) -> Void)? = nil) throws(NQMError) -> [BatchPoint] {
        try options.validate(for: self)
        try Self.validateBatchSizes(batchSizes)
        let sizes = Array(Set(batchSizes)).sorted()
        let collector = ResultCollector<BatchPoint>(count: sizes.count)
        let model = self
        DispatchQueue.concurrentPerform(iterations: sizes.count) { index in
            do {
                let point = try model.optimalLearningRate(for: kind, batchSize: sizes[index], options: options)
                let done = collector.store(point, at: index)
                let steps = point.steps.map(String.init) ?? "not reached"
                let beta = point.momentum.map { String(format: " β=%.3g", $0) } ?? ""
                progress?("[\(kind.rawValue)] \(done)/\(sizes.count) B=\(point.batch): lr=\(String(format: "%.4g", point.learningRate))\(beta) steps=\(steps)")
            } catch let error as NQMError {
                collector.fail(error)
            } catch {
                collector.fail(.invalidModel("unexpected error \(error)"))
            }
        }
        return try collector.results()
    }

    /// Throws unless the list is non-empty and every B is in 1…10⁹.
    static func validateBatchSizes(_ sizes: [Int]) throws(NQMError) {
        guard !sizes.isEmpty else { throw NQMError.invalidBatchSizes("the list is empty") }
        for b in sizes where b < 1 || b > 1_000_000_000 {
            throw NQMError.invalidBatchSizes("\(b) is not a positive batch size (expected 1…10⁹)")
        }
    }
}
