import Testing
import TinyformerNMT
import TinyformerScaling

@Suite struct SweepPlanTests {
    @Test func theCoursePlanHasOneRunPerSizeWithTheCoursesSettings() throws {
        let plan = try SweepPlan(settings: .defaults(for: .course))
        #expect(plan.runs.map(\.name) == ["h016", "h032", "h048", "h064", "h096", "h128"])
        for run in plan.runs {
            #expect(run.training.model.architecture == .decoderOnly && run.training.model.layers == 4)
            #expect(run.training.batchSize == 64 && run.training.epochs == 100 && run.training.data == "small")
            #expect(run.training.learningRate == 5e-4 && run.training.learningRateDecay == 0.99)
            #expect(run.steps == nil && run.budget == nil)
        }
        #expect(Array(plan.budgets.prefix(5)) == [8e10, 1.6e11, 3.2e11, 6.4e11, 1.28e12])
    }

    /// Extra budgets double the last one while at least three sizes' curves span it — checked
    /// here against each size's first and last evaluation's FLOPs from the ledger.
    @Test func courseBudgetsGrowWhileThreeSizesReachThem() throws {
        let settings = SweepSettings.defaults(for: .course)
        let plan = try SweepPlan(settings: settings)
        let data = try RunData(config: plan.runs[0].training)
        let spans = try plan.runs.map { run -> ClosedRange<Double> in
            var model = run.training.model
            model.vocabularySize = data.vocabulary.size
            let epoch = try ComputeLedger(batcher: data.trainBatcher, config: model).epochTotals.flops
            return epoch...(Double(settings.epochs) * epoch)
        }
        func reaching(_ c: Double) -> Int { spans.filter { $0.contains(c) }.count }
        for budget in plan.budgets.dropFirst(5) { #expect(reaching(budget) >= 3, "budget \(budget)") }
        #expect(reaching(2 * plan.budgets.last!) < 3)
    }

    @Test func isoflopRunsAreAsLongAsTheirBudget() throws {
        let plan = try SweepPlan(settings: tinySettings(.isoflop))
        #expect(plan.runs.count == 9)
        let data = try RunData(config: plan.runs[0].training)
        for run in plan.runs {
            let budget = try #require(run.budget), steps = try #require(run.steps)
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: run.training.model)
            #expect(ledger.totals(afterSteps: steps).flops >= budget, "\(run.name)")
            #expect(ledger.totals(afterSteps: steps - 1).flops < budget, "\(run.name)")
            let peak = Double(run.training.learningRate)
            #expect(Double(run.learningRate(epoch: 0, step: 0)) == peak)
            #expect(abs(Double(run.learningRate(epoch: 0, step: steps - 1)) - 0.1 * peak) < 1e-6 * peak)
        }
        #expect(plan.runs.first?.name == "c2e8-h008")
    }

    @Test func badSettingsAreRefusedByName() {
        var settings = SweepSettings.defaults(for: .course)
        settings.hiddenSizes = [16, 16]
        #expect(throws: ScalingError.invalidPlan("sizes repeat: [16, 16]")) { try SweepPlan(settings: settings) }
        settings = .defaults(for: .isoflop)
        settings.budgets = [1e10, .nan]
        #expect(throws: ScalingError.self) { try SweepPlan(settings: settings) }
    }

    @Test func budgetLabelsAreShort() {
        #expect(SweepPlan.label(8e10) == "8e10")
        #expect(SweepPlan.label(1.6e11) == "1.6e11")
        #expect(SweepPlan.label(1.28e12) == "1.28e12")
        #expect(SweepPlan.label(1e15) == "1e15")
    }
}
