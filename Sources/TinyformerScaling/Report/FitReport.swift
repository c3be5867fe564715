/// A string coding key, for keys that carry the target budget ("n_opt_at_1e15").
struct ReportKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One approach's compute-optimal allocation at the target budget, with 95 % bootstrap
/// intervals (nil — JSON null — where unavailable; the report's warnings say why).
public struct AllocationSummary: Sendable, Equatable {
    public var a: Double?
    public var aInterval: [Double]?
    public var b: Double?
    public var bInterval: [Double]?
    public var optimalParams: Double?
    public var optimalParamsInterval: [Double]?
    public var optimalTokens: Double?
    public var optimalTokensInterval: [Double]?
    public var replicates: Int
    public var validReplicates: Int

    init(law: AllocationLaw?, bootstrap: BootstrapSummary?, target: Double) {
        a = law?.a.finite
        b = law?.b.finite
        optimalParams = law.flatMap { $0.optimalParams(target).finite }
        optimalTokens = law.flatMap { $0.optimalTokens(target).finite }
        aInterval = bootstrap?.a
        bInterval = bootstrap?.b
        optimalParamsInterval = bootstrap?.optimalParams
        optimalTokensInterval = bootstrap?.optimalTokens
        replicates = bootstrap?.replicates ?? 0
        validReplicates = bootstrap?.valid ?? 0
    }

    /// Writes a, a_ci, b, b_ci, n_opt_at_<target>(_ci), d_opt_at_<target>(_ci).
    func encode(into c: inout KeyedEncodingContainer<ReportKey>, target: String) throws {
        try c.encode(a, forKey: ReportKey("a"))
        try c.encode(aInterval, forKey: ReportKey("a_ci"))
        try c.encode(b, forKey: ReportKey("b"))
        try c.encode(bInterval, forKey: ReportKey("b_ci"))
        try c.encode(optimalParams, forKey: ReportKey("n_opt_at_\(target)"))
        try c.encode(optimalParamsInterval, forKey: ReportKey("n_opt_at_\(target)_ci"))
        try c.encode(optimalTokens, forKey: ReportKey("d_opt_at_\(target)"))
        try c.encode(optimalTokensInterval, forKey: ReportKey("d_opt_at_\(target)_ci"))
        try c.encode(["replicates": replicates, "valid": validReplicates], forKey: ReportKey("bootstrap"))
    }
}

/// What `scaling fit` writes as JSON (`fits.json`). Top level: the protocol, the budgets (each
/// with its parabola [c₀, c₁, c₂] in log₁₀ N, N_opt and points), Approach 2's a, b, N_opt and
/// D_opt at the target with intervals; then `envelope` (Approach 1), `parametric`
/// (Approach 3), `chinchilla` (the published reference) and every warning. Keys with no value
/// are JSON null, never NaN.
public struct FitReport: Encodable, Sendable {
    public var sweepProtocol: SweepProtocol
    public var targetFlops: Double
    public var profiles: [IsoFLOPProfile]
    public var isoflop: AllocationSummary
    public var envelope: AllocationSummary
    public var envelopePoints: [EnvelopePoint]
    public var parametric: ParametricAnalysis
    public var parametricSummary: AllocationSummary
    public var huberDelta: Double
    public var warnings: [String]

    /// Chinchilla's published compute-optimal exponents (Hoffmann et al. 2022, Table 2: 0.50 /
    /// 0.49 / 0.46 for a by approaches 1–3) and the 20-tokens-per-parameter rule, C = 6·N·D
    /// with D = 20·N, so N = √(C/120).
    public static let chinchillaA = 0.5, chinchillaB = 0.5, tokensPerParameter = 20.0

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        let target = SweepPlan.label(targetFlops)
        try c.encode(sweepProtocol.rawValue, forKey: ReportKey("protocol"))
        try c.encode(targetFlops, forKey: ReportKey("target_flops"))
        try c.encode(profiles.map(BudgetEntry.init), forKey: ReportKey("budgets"))
        try isoflop.encode(into: &c, target: target)
        var envelopeContainer = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("envelope"))
        try envelope.encode(into: &envelopeContainer, target: target)
        try envelopeContainer.encode(envelopePoints.map(EnvelopeEntry.init), forKey: ReportKey("points"))
        var p = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("parametric"))
        let law = parametric.law
        for (key, value, interval) in [("E", law?.E, parametric.intervals?.E), ("A", law?.A, parametric.intervals?.A),
                                       ("B", law?.B, parametric.intervals?.B), ("alpha", law?.alpha, parametric.intervals?.alpha),
                                       ("beta", law?.beta, parametric.intervals?.beta)] {
            try p.encode(value?.finite, forKey: ReportKey(key))
            try p.encode(interval, forKey: ReportKey("\(key)_ci"))
        }
        try parametricSummary.encode(into: &p, target: target)
        try p.encode(huberDelta, forKey: ReportKey("huber_delta"))
        try p.encode(parametric.objective?.finite, forKey: ReportKey("objective"))
        try p.encode(parametric.starts, forKey: ReportKey("starts"))
        try p.encode(parametric.converged, forKey: ReportKey("converged_starts"))
        var r = c.nestedContainer(keyedBy: ReportKey.self, forKey: ReportKey("chinchilla"))
        let n = (targetFlops / (6 * Self.tokensPerParameter)).squareRoot()
        try r.encode(Self.chinchillaA, forKey: ReportKey("a"))
        try r.encode(Self.chinchillaB, forKey: ReportKey("b"))
        try r.encode(Self.tokensPerParameter, forKey: ReportKey("tokens_per_param"))
        try r.encode(n, forKey: ReportKey("n_opt_at_\(target)"))
        try r.encode(Self.tokensPerParameter * n, forKey: ReportKey("d_opt_at_\(target)"))
        try c.encode(warnings, forKey: ReportKey("warnings"))
    }
}

/// A budget in the JSON: {"flops", "n_opt", "d_opt", "extrapolated", "fit": [c0, c1, c2],
/// "points": [{"run", "params", "tokens", "val_loss"}]}.
struct BudgetEntry: Encodable {
    let profile: IsoFLOPProfile

    init(_ profile: IsoFLOPProfile) { self.profile = profile }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        try c.encode(profile.budget, forKey: ReportKey("flops"))
        try c.encode(profile.optimalParams?.finite, forKey: ReportKey("n_opt"))
        try c.encode(profile.optimalParams.flatMap { (profile.budget / (6 * $0)).finite }, forKey: ReportKey("d_opt"))
        try c.encode(profile.extrapolated, forKey: ReportKey("extrapolated"))
        try c.encode(profile.fit?.coefficients, forKey: ReportKey("fit"))
        var list = c.nestedUnkeyedContainer(forKey: ReportKey("points"))
        for point in profile.points {
            var p = list.nestedContainer(keyedBy: ReportKey.self)
            try p.encode(point.run, forKey: ReportKey("run"))
            try p.encode(point.params, forKey: ReportKey("params"))
            try p.encode(point.tokens, forKey: ReportKey("tokens"))
            try p.encode(point.loss, forKey: ReportKey("val_loss"))
        }
    }
}

/// An envelope point in the JSON: {"flops", "run", "params", "val_loss"}.
struct EnvelopeEntry: Encodable {
    let point: EnvelopePoint

    init(_ point: EnvelopePoint) { self.point = point }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ReportKey.self)
        try c.encode(point.flops, forKey: ReportKey("flops"))
        try c.encode(point.run, forKey: ReportKey("run"))
        try c.encode(point.params, forKey: ReportKey("params"))
        try c.encode(point.loss, forKey: ReportKey("val_loss"))
    }
}
