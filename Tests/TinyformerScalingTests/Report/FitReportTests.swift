import Foundation
import Testing
import TinyformerScaling

@Suite struct FitReportTests {
    static func json(_ fit: ScalingFit) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try fit.json()) as? [String: Any])
    }

    @Test func theJSONHasTheKeysTheIssueLists() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SyntheticSweep.write(.course, to: folder)
        let fit = try ScalingFit(sweep: try SweepFolder.load(folder), options: SyntheticSweep.quickOptions)
        let json = try Self.json(fit)
        #expect(json["protocol"] as? String == "course")
        for key in ["a", "a_ci", "b", "b_ci", "n_opt_at_1e15", "d_opt_at_1e15", "parametric", "envelope", "budgets", "warnings"] {
            #expect(json[key] != nil, "key \(key)")
        }
        let budgets = try #require(json["budgets"] as? [[String: Any]])
        #expect(budgets.count >= 5)
        let first = try #require(budgets.first)
        #expect(first["flops"] as? Double == 8e10)
        #expect((first["fit"] as? [Double])?.count == 3 && first["n_opt"] is Double)
        let point = try #require((first["points"] as? [[String: Any]])?.first)
        #expect(point["params"] as? Int == 4_862 && point["val_loss"] is Double)
        let parametric = try #require(json["parametric"] as? [String: Any])
        for key in ["E", "A", "B", "alpha", "beta"] { #expect(parametric[key] is Double, "parametric.\(key)") }
        #expect((json["envelope"] as? [String: Any])?["a"] is Double)
        #expect((json["a_ci"] as? [Double])?.count == 2)
    }

    @Test func writesEveryFileAtomically() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SyntheticSweep.write(.isoflop, to: folder)
        let fit = try ScalingFit(sweep: try SweepFolder.load(folder), options: SyntheticSweep.quickOptions)
        let outcome = try fit.write(to: folder)
        #expect(Set(outcome.written.map(\.lastPathComponent)) == ["fits.json", "fits.csv", "profiles.csv", "loss_vs_flops.svg", "isoflop.svg",
                                                              "optimal_params.svg", "optimal_tokens.svg"])
        #expect(outcome.skipped.isEmpty)
        let csv = try String(contentsOf: folder.appendingPathComponent("fits.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 5 && csv[0].hasPrefix("approach,a,a_low,a_high,b"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".tmp-") })
    }

    /// With too few sizes at every budget nothing can be fitted: the JSON says null and the
    /// warnings say why — never NaN.
    @Test func degenerateInputGivesNullsAndWarningsNotNaN() throws {
        let folder = try temporaryFolder("degenerate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SyntheticSweep.write(.isoflop, to: folder, skipping: ["c2e8-h012", "c4e8-h012", "c8e8-h012"])
        #expect(plan.runs.count == 9)
        let fit = try ScalingFit(sweep: try SweepFolder.load(folder), options: SyntheticSweep.quickOptions)
        let text = String(decoding: try fit.json(), as: UTF8.self)
        #expect(text.range(of: #"\bnan\b|NaN|[Ii]nfinity"#, options: .regularExpression) == nil)
        let json = try Self.json(fit)
        #expect(json["a"] is NSNull && json["n_opt_at_1e15"] is NSNull)
        #expect(fit.warnings.contains("run c2e8-h012 has not started (no folder \(folder.path)/c2e8-h012); left out"))
        #expect(fit.warnings.contains { $0.hasPrefix("budget 4e8: 2 model sizes (") })
    }
}
