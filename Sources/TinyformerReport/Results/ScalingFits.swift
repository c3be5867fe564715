import Foundation

/// What the report reads from `scaling fit`'s `fits.json`: the budgets' IsoFLOP profiles,
/// Approach 2's exponents, and each approach's N_opt and D_opt at the target budget (keys
/// `n_opt_at_<label>`, whatever the label). Missing values (JSON null) are nil.
struct ScalingFits: Decodable, Sendable {
    struct Point: Decodable, Sendable {
        var run: String
        var params: Double
        var valLoss: Double
    }

    struct Budget: Decodable, Sendable {
        var flops: Double
        var nOpt: Double?
        var dOpt: Double?
        var extrapolated: Bool
        var fit: [Double]?
        var points: [Point]
    }

    /// One approach's allocation: N ∝ C^a, D ∝ C^b, and N_opt, D_opt at the target.
    struct Allocation: Sendable {
        var a: Double?, aCI: [Double]?, b: Double?, bCI: [Double]?
        var nOpt: Double?, nOptCI: [Double]?, dOpt: Double?, dOptCI: [Double]?
    }

    var sweepProtocol: String
    var targetFlops: Double
    var budgets: [Budget]
    var isoflop: Allocation
    var envelope: Allocation
    var parametric: Allocation
    /// E, A, B, alpha, beta of L(N, D) = E + A/N^α + B/D^β (nil where the fit failed).
    var law: [String: Double?]
    var chinchilla: Allocation
    var warnings: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        sweepProtocol = try c.decode(String.self, forKey: AnyKey("protocol"))
        targetFlops = try c.decode(Double.self, forKey: AnyKey("target_flops"))
        let points = try c.nestedUnkeyedContainer(forKey: AnyKey("budgets"))
        budgets = try Self.decodeBudgets(points)
        isoflop = try Self.allocation(c)
        envelope = try Self.allocation(try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("envelope")))
        let p = try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("parametric"))
        parametric = try Self.allocation(p)
        law = [:]
        for key in ["E", "A", "B", "alpha", "beta"] { law[key] = try p.decodeIfPresent(Double.self, forKey: AnyKey(key)) }
        chinchilla = try Self.allocation(try c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("chinchilla")))
        warnings = try c.decodeIfPresent([String].self, forKey: AnyKey("warnings")) ?? []
    }

    private static func decodeBudgets(_ list: UnkeyedDecodingContainer) throws -> [Budget] {
        var list = list, result: [Budget] = []
        while !list.isAtEnd {
            let b = try list.nestedContainer(keyedBy: AnyKey.self)
            var points: [Point] = []
            var p = try b.nestedUnkeyedContainer(forKey: AnyKey("points"))
            while !p.isAtEnd {
                let q = try p.nestedContainer(keyedBy: AnyKey.self)
                points.append(Point(run: try q.decode(String.self, forKey: AnyKey("run")),
                                    params: try q.decode(Double.self, forKey: AnyKey("params")),
                                    valLoss: try q.decode(Double.self, forKey: AnyKey("val_loss"))))
            }
            result.append(Budget(flops: try b.decode(Double.self, forKey: AnyKey("flops")),
                                 nOpt: try b.decodeIfPresent(Double.self, forKey: AnyKey("n_opt")),
                                 dOpt: try b.decodeIfPresent(Double.self, forKey: AnyKey("d_opt")),
                                 extrapolated: try b.decodeIfPresent(Bool.self, forKey: AnyKey("extrapolated")) ?? false,
                                 fit: try b.decodeIfPresent([Double].self, forKey: AnyKey("fit")), points: points))
        }
        return result
    }

    /// a, b and the `n_opt_at_*` / `d_opt_at_*` keys (with their `_ci`) of one container.
    private static func allocation(_ c: KeyedDecodingContainer<AnyKey>) throws -> Allocation {
        func value(_ prefix: String) throws -> Double? {
            guard let key = c.allKeys.first(where: { $0.stringValue.hasPrefix(prefix) && !$0.stringValue.hasSuffix("_ci") }) else { return nil }
            return try c.decodeIfPresent(Double.self, forKey: key)
        }
        func interval(_ prefix: String) throws -> [Double]? {
            guard let key = c.allKeys.first(where: { $0.stringValue.hasPrefix(prefix) && $0.stringValue.hasSuffix("_ci") }) else { return nil }
            return try c.decodeIfPresent([Double].self, forKey: key)
        }
        return Allocation(a: try c.decodeIfPresent(Double.self, forKey: AnyKey("a")), aCI: try interval("a_ci"),
                          b: try c.decodeIfPresent(Double.self, forKey: AnyKey("b")), bCI: try interval("b_ci"),
                          nOpt: try value("n_opt_at_"), nOptCI: try interval("n_opt_at_"),
                          dOpt: try value("d_opt_at_"), dOptCI: try interval("d_opt_at_"))
    }

    /// N_opt(C) of Approach 2's law, N_opt(target)·(C/target)^a; nil without a law.
    func optimalParams(atFlops flops: Double) -> Double? {
        guard let a = isoflop.a, let n = isoflop.nOpt else { return nil }
        return n * pow(flops / targetFlops, a)
    }
}

/// A string coding key.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
