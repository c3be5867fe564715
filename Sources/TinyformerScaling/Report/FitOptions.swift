/// Settings of `ScalingFit`.
public struct FitOptions: Sendable, Equatable {
    /// The budget of the headline estimate (N_opt and D_opt at C).
    public var target: Double = 1e15
    /// Bootstrap replicates of Approaches 1 and 2.
    public var replicates = 1000
    /// Bootstrap replicates of Approach 3 (each refits from `parametricRestarts` starts).
    public var parametricReplicates = 200
    public var parametricRestarts = 8
    /// Seeds every bootstrap.
    public var seed: UInt64 = 0
    /// The Huber loss's δ on log L (Hoffmann et al.: 10⁻³).
    public var huberDelta = 1e-3
    /// The parametric fit's starting points.
    public var grid = InitialGrid.hoffmann
    /// FLOP values at which the envelope is read.
    public var envelopePoints = 40

    public init() {}

    /// Checks the settings.
    /// - Throws: `FitError.invalidValue` naming the bad one.
    public func validate() throws(FitError) {
        guard target.isFinite, target > 0 else { throw .invalidValue("the target budget must be a positive FLOP count, got \(target)") }
        guard replicates >= 0, parametricReplicates >= 0 else { throw .invalidValue("bootstrap replicates must be ≥ 0") }
        guard parametricRestarts >= 1 else { throw .invalidValue("parametric restarts must be ≥ 1") }
        guard huberDelta.isFinite, huberDelta > 0 else { throw .invalidValue("the Huber δ must be positive, got \(huberDelta)") }
        guard !grid.starts.isEmpty else { throw .invalidValue("the parametric fit's grid of starts is empty") }
        guard envelopePoints >= 2 else { throw .invalidValue("the envelope needs at least 2 points, got \(envelopePoints)") }
    }
}
