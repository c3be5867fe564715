// The scaling section's answers built from a small hand-made result folder: a fits.json, two
// runs' result.json and placeholder charts. The expected sentences follow from the numbers by
// hand (N_opt(C) = 1e6·(C/1e15)^0.5).
import Foundation
import Testing
@testable import TinyformerReport
import TinyformerTestSupport

@Suite struct ScalingSectionTests {
    static let fits = """
    {"protocol": "course", "target_flops": 1e15,
     "budgets": [
       {"flops": 1e10, "n_opt": null, "d_opt": null, "extrapolated": false, "fit": null,
        "points": [{"run": "h016", "params": 4862, "tokens": 1, "val_loss": 1.5},
                   {"run": "h032", "params": 17886, "tokens": 1, "val_loss": 1.7}]},
       {"flops": 4e10, "n_opt": 20000, "d_opt": 333333.3, "extrapolated": false, "fit": [10, -4, 0.45],
        "points": [{"run": "h016", "params": 4862, "tokens": 1, "val_loss": 1.2},
                   {"run": "h032", "params": 17886, "tokens": 1, "val_loss": 0.9},
                   {"run": "h048", "params": 39102, "tokens": 1, "val_loss": 1.0}]}],
     "a": 0.5, "a_ci": [0.4, 0.6], "b": 0.5, "b_ci": [0.4, 0.6],
     "n_opt_at_1e15": 1e6, "n_opt_at_1e15_ci": [5e5, 2e6], "d_opt_at_1e15": 1.6667e8, "d_opt_at_1e15_ci": null,
     "envelope": {"a": 0.7, "a_ci": null, "b": 0.3, "b_ci": null, "n_opt_at_1e15": 3e6, "d_opt_at_1e15": 5.5e7, "points": []},
     "parametric": {"E": 0.1, "A": 50, "B": 900, "alpha": 0.3, "beta": 0.3, "a": 0.5, "b": 0.5,
                    "n_opt_at_1e15": 2e6, "d_opt_at_1e15": 8.3e7, "huber_delta": 0.001},
     "chinchilla": {"a": 0.5, "b": 0.5, "tokens_per_param": 20, "n_opt_at_1e15": 2886751.3, "d_opt_at_1e15": 57735026.9},
     "warnings": ["budget 1e10: 2 model sizes (4862, 17886) reach it; a parabola needs three; no N_opt"]}
    """

    /// A result folder: fit/fits.json, fit/*.svg, sweep/h016 and sweep/h032 result.json.
    static func folder() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scaling-section-\(UUID().uuidString)")
        let fit = root.appendingPathComponent("fit")
        try FileManager.default.createDirectory(at: fit, withIntermediateDirectories: true)
        try Data(fits.utf8).write(to: fit.appendingPathComponent("fits.json"))
        for name in ["loss_vs_flops", "isoflop", "optimal_params", "optimal_tokens"] {
            try Data("<svg width=\"1\" height=\"1\"></svg>".utf8).write(to: fit.appendingPathComponent("\(name).svg"))
        }
        // h016: N_opt(1e11) = 1e4, N/N_opt = 0.486 (too small); h032: N_opt(3e11) = 17320.5, ratio 1.03.
        for (name, h, params, flops) in [("h016", 16, 4862.0, 1e11), ("h032", 32, 17886.0, 3e11)] {
            let run = root.appendingPathComponent("sweep/\(name)")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            let json = """
            {"name": "\(name)", "hiddenSize": \(h), "params": \(params), "flops": \(flops), "flops6ND": \(6 * params * 2.7858e6),
             "finalValidationLoss": 1.0, "seconds": 1.0}
            """
            try Data(json.utf8).write(to: run.appendingPathComponent("result.json"))
        }
        return root
    }

    static func text(_ question: ReportQuestion) -> String {
        question.blocks.compactMap { block -> String? in
            switch block {
            case let .paragraph(text): return text
            case let .list(items): return items.joined(separator: "\n")
            case let .table(header, rows): return ([header] + rows).map { $0.joined(separator: " | ") }.joined(separator: "\n")
            default: return nil
            }
        }.joined(separator: "\n")
    }

    static func answers() throws -> [ReportQuestion] {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        return try ScalingSection().answers(folder: root, mode: .quick, context: ReportContext(root: packageRoot, out: root))
    }

    @Test func aSmallerModelWinningAtABudgetAnswersNoAndNamesIt() throws {
        let text = Self.text(try Self.answers()[0])
        #expect(text.contains("**No.**"))
        #expect(text.contains("at C = 1e10 the best of 2 sizes is h016 (N = 4862, loss 1.5), while the largest, h032 (N = 1.79e4), reaches only 1.7"))
        #expect(text.contains("at C = 4e10 the best of 3 sizes is h032"))
        #expect(text.contains("the best size moves to larger models as the budget grows (h016 at 1e10, h032 at 4e10)"))
    }

    @Test func theOptimumTableGivesNOptAndTokensPerParameter() throws {
        let text = Self.text(try Self.answers()[1])
        #expect(text.contains("1 of 2 budgets give one"))
        #expect(text.contains("4e10 | 3 | 2e4 | 3.33e5 | 16.7 | inside the sizes"))
        #expect(text.contains("a parabola needs three"))
    }

    @Test func exponentsAreComparedWithChinchillasInterval() throws {
        let text = Self.text(try Self.answers()[2])
        #expect(text.contains("**a = 0.5** [0.4, 0.6]"))
        #expect(text.contains("lies inside the bootstrap interval"))
        #expect(text.contains("a = β/(α+β) = 0.5"))
    }

    @Test func theSplitAtTheTargetComparesWithTwentyTokensPerParameter() throws {
        let text = Self.text(try Self.answers()[3])
        #expect(text.contains("**N_opt ≈ 1e6** parameters [5e5, 2e6]"))
        #expect(text.contains("a smaller model on more tokens than Chinchilla's 20 tokens per parameter (N = 2.89e6)"))
        #expect(text.contains("×2.5e4 beyond the largest budget"))
    }

    @Test func runsAreClassedByTheirRatioToTheFittedOptimum() throws {
        let text = Self.text(try Self.answers()[4])
        #expect(text.contains("Within a factor of two: h032."))
        #expect(text.contains("Too small for their compute (overtrained; a larger model for fewer epochs would reach a lower loss): h016."))
        #expect(text.contains("h016 | 4862 | 1e11 | 2.79e6 | 573 | 1e4 | 0.486"))
    }

    @Test func aMissingFitsFileNamesIt() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("fit/fits.json"))
        #expect {
            try ScalingSection().answers(folder: root, mode: .quick, context: ReportContext(root: packageRoot, out: root))
        } throws: { error in
            (error as? ReportError).map { "\($0)".contains("fits.json") } ?? false
        }
    }
}
