/// Steps-to-target versus batch size for one optimiser, with its regimes and the noise-scale
/// prediction of the critical batch size.
///
/// JSON: `{"optimizer": "sgd", "points": [{"batch": B, "lr": η, "steps": s}, …],
/// "critical_batch": B_crit, "noise_scale_prediction": B_noise, "noise_scale_at_target": …,
/// "regime": {…}}`.
public struct BatchScalingResult: Codable, Sendable, Equatable {
    public var optimizer: OptimizerKind
    public var points: [BatchPoint]
    /// Measured B_crit = K / S_min (see `RegimeFit`).
    public var criticalBatch: Double
    /// McCandlish et al.'s B_noise = tr(PHPΣ)/(gᵀPHPg) at w₀ (P = H^(−p) for precond, else I).
    public var noiseScalePrediction: Double
    /// The same noise scale where the loss equals the target (w₀ scaled down): B_noise·L(w₀)/target.
    public var noiseScaleAtTarget: Double
    public var regime: RegimeFit

    public init(optimizer: OptimizerKind, points: [BatchPoint], regime: RegimeFit,
                noiseScalePrediction: Double, noiseScaleAtTarget: Double) {
        self.optimizer = optimizer
        self.points = points
        self.criticalBatch = regime.criticalBatch
        self.noiseScalePrediction = noiseScalePrediction
        self.noiseScaleAtTarget = noiseScaleAtTarget
        self.regime = regime
    }

    enum CodingKeys: String, CodingKey {
        case optimizer
        case points
        case criticalBatch = "critical_batch"
        case noiseScalePrediction = "noise_scale_prediction"
        case noiseScaleAtTarget = "noise_scale_at_target"
        case regime
    }
}
