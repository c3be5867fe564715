import Foundation
import ArgumentParser
import TinyformerNQM

/// Flags of the learning-rate search.
struct SearchFlags: ParsableArguments {
    enum ObjectiveKind: String, ExpressibleByArgument, CaseIterable { case steps, loss }

    @Option(parsing: .unconditional, help: "Target expected loss (0 < target < L(w0)).")
    var targetLoss: Double = 0.1

    @Option(help: "Upper bound on the steps of any run.")
    var maxSteps: Int = 1_000_000

    @Option(help: "steps: fewest steps to the target; loss: lowest expected loss after --fixed-steps (steps-vs-batch always uses steps).")
    var objective: ObjectiveKind = .steps

    @Option(help: "Number of steps T for --objective loss.")
    var fixedSteps: Int = 1000

    @Option(help: "Momentum values β tried by the momentum optimiser (comma-separated).")
    var momentumGrid: String = "0.5,0.8,0.9,0.95,0.98,0.99"

    @Option(help: "Power p of the H^(-p) preconditioner (precond optimiser).")
    var precondPower: Double = 0.5

    @Option(help: "Learning-rate grid points per decade.")
    var pointsPerDecade: Int = 8

    @Option(help: "Decades below the stability limit covered by the grid.")
    var decades: Int = 8

    @Option(help: "Golden-section refinement evaluations.")
    var refine: Int = 16

    func makeOptions() throws -> SearchOptions {
        var grid: [Double] = []
        for item in momentumGrid.split(separator: ",") {
            guard let beta = Double(item.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--momentum-grid: '\(item)' is not a number")
            }
            grid.append(beta)
        }
        return SearchOptions(targetLoss: targetLoss, maxSteps: maxSteps,
                             objective: objective == .steps ? .stepsToTarget : .lossAfter(steps: fixedSteps),
                             pointsPerDecade: pointsPerDecade, decades: decades, refinementIterations: refine,
                             momentumGrid: grid, preconditionPower: precondPower)
    }
}
