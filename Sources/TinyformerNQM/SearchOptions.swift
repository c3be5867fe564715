/// Settings of the learning-rate search (all searches are bounded by these numbers).
///
/// The search scans η = η_max·10^(−j/pointsPerDecade), j = 1 … decades·pointsPerDecade, from the
/// stability limit η_max = 2(1 + β)/maxᵢ hᵢ^(1−p) downwards, stops `patience` grid points after the
/// objective stopped improving, then refines the best bracket by golden-section search in log η
/// (`refinementIterations` evaluations). With momentum this is repeated for each β of
/// `momentumGrid` and the best (η, β) pair wins.
public struct SearchOptions: Sendable, Equatable {
    /// What "optimal" means.
    public enum Objective: Sendable, Equatable {
        /// Fewest steps t with E[L_t] ≤ targetLoss.
        case stepsToTarget
        /// Smallest E[L_T] after a fixed number of steps T.
        case lossAfter(steps: Int)
    }

    public var targetLoss: Double
    /// Upper bound on the steps of any single run.
    public var maxSteps: Int
    public var objective: Objective
    public var pointsPerDecade: Int
    public var decades: Int
    public var refinementIterations: Int
    /// Grid points that may fail to improve on the best before the downward scan stops.
    public var patience: Int
    /// β values tried for the momentum optimiser.
    public var momentumGrid: [Double]
    /// p of the H^(−p) preconditioner used by the `precond` optimiser.
    public var preconditionPower: Double

    public init(targetLoss: Double, maxSteps: Int = 1_000_000, objective: Objective = .stepsToTarget,
                pointsPerDecade: Int = 8, decades: Int = 8, refinementIterations: Int = 16, patience: Int = 4,
                momentumGrid: [Double] = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99], preconditionPower: Double = 0.5) {
        self.targetLoss = targetLoss
        self.maxSteps = maxSteps
        self.objective = objective
        self.pointsPerDecade = pointsPerDecade
        self.decades = decades
        self.refinementIterations = refinementIterations
        self.patience = patience
        self.momentumGrid = momentumGrid
        self.preconditionPower = preconditionPower
    }

    /// Throws unless every setting is usable for `model`: 0 < target < L(w₀), 1 ≤ maxSteps ≤ 10⁹,
    /// grid sizes in range, β ∈ [0, 1), p ∈ [0, 1].
    public func validate(for model: NQM) throws(NQMError) {
        let initial = model.initialLoss
        guard targetLoss.isFinite, targetLoss > 0 else {
            throw NQMError.invalidParameter(name: "target loss", value: targetLoss, expected: "a finite value > 0")
        }
        guard targetLoss < initial else {
            throw NQMError.invalidParameter(name: "target loss", value: targetLoss,
                                            expected: "a value below the initial loss L(w0) = \(initial)")
        }
        try NQM.checkSteps(maxSteps, name: "maxSteps", minimum: 1)
        if case .lossAfter(let steps) = objective { try NQM.checkSteps(steps, name: "fixed steps", minimum: 1) }
        func check(_ value: Int, _ name: String, _ range: ClosedRange<Int>) throws(NQMError) {
            guard range.contains(value) else {
                throw NQMError.invalidParameter(name: name, value: Double(value), expected: "an integer in \(range)")
            }
        }
        try check(pointsPerDecade, "pointsPerDecade", 1...100)
        try check(decades, "decades", 1...30)
        try check(refinementIterations, "refinementIterations", 0...200)
        try check(patience, "patience", 1...1000)
        guard !momentumGrid.isEmpty else {
            throw NQMError.invalidParameter(name: "momentum grid size", value: 0, expected: "at least one β")
        }
        for beta in momentumGrid where !(beta >= 0 && beta < 1) {
            throw NQMError.invalidParameter(name: "momentum β", value: beta, expected: "0 ≤ β < 1")
        }
        guard preconditionPower >= 0, preconditionPower <= 1 else {
            throw NQMError.invalidParameter(name: "precondition power p", value: preconditionPower, expected: "0 ≤ p ≤ 1")
        }
    }
}
