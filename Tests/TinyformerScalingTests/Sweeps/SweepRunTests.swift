import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TinyformerIO
import TinyformerNMT
import TinyformerNN
import TinyformerScaling

@Suite(.serialized) struct SweepRunTests {
    @Test func aCourseSweepWritesEveryRunsFilesWithTheLedgersCompute() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        let summary = try silentSweep(plan, folder).run()
        #expect(summary.trained == plan.runs.map(\.name))
        for run in plan.runs {
            let result = try JSONFile.read(RunResult.self, from: folder.appendingPathComponent("\(run.name)/result.json"))
            let data = try RunData(config: run.training)
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: run.training.model)
            #expect(result.flops == ledger.totals(afterSteps: 3 * ledger.batchesPerEpoch).flops, "exact in result.json")
        }
        let data = try RunData(config: plan.runs[0].training)
        for run in plan.runs {
            let directory = folder.appendingPathComponent(run.name)
            let result = try JSONFile.read(RunResult.self, from: directory.appendingPathComponent(ScalingFiles.result))
            let records = try ScalingRun.readMetrics(directory.appendingPathComponent(ScalingFiles.metrics))
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: run.training.model)
            #expect(records.count == 3 && result.evaluations == 3 && result.status == .finished)
            for (epoch, record) in records.enumerated() {
                let totals = ledger.totals(afterSteps: (epoch + 1) * ledger.batchesPerEpoch)
                // metrics.csv prints FLOPs to 7 significant digits (%.6e).
                #expect(abs(record.flops - totals.flops) <= 5e-7 * totals.flops, "\(run.name) epoch \(epoch + 1): the loop's running sum is the ledger's")
                #expect(record["tokens"] == Double(totals.targetTokens))
                #expect(record["flops_6nd"] == 6 * Double(result.params) * Double(totals.targetTokens))
                #expect(record.learningRate == run.training.learningRate(epoch: epoch))
            }
            #expect(result.finalValidationLoss == records.last?.validationLoss)
            #expect(result.bestValidationLoss == records.map(\.validationLoss).min())
            #expect(result.params == (try ParameterCount(config: run.training.model)).course)
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(ScalingFiles.plan).path))
    }

    @Test func aRerunSkipsFinishedRunsAndChangesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        try silentSweep(plan, folder).run()
        let before = try plan.runs.map { try Data(contentsOf: folder.appendingPathComponent("\($0.name)/metrics.csv")) }
        let again = try silentSweep(plan, folder).run()
        #expect(again.trained.isEmpty && again.skipped == plan.runs.map(\.name))
        #expect(try plan.runs.map { try Data(contentsOf: folder.appendingPathComponent("\($0.name)/metrics.csv")) } == before)
    }

    @Test func anInterruptedRunResumesToTheSameNumbers() throws {
        let interrupted = try temporaryFolder(), reference = try temporaryFolder()
        defer { for f in [interrupted, reference] { try? FileManager.default.removeItem(at: f) } }
        var settings = tinySettings(.course)
        settings.epochs = 4
        let plan = try SweepPlan(settings: settings)
        try silentSweep(plan, reference).run()
        // Shard 1/3 owns run 0 only: it writes sweep.json; run 1 then "crashes" at its third evaluation.
        try silentSweep(plan, interrupted, shard: try Shard(index: 1, count: 3)).run()
        struct Crash: Error {}
        let crashing = ScalingRun(spec: plan.runs[1], directory: interrupted.appendingPathComponent(plan.runs[1].name))
        crashing.onEvaluation = { evaluation, _, _ in if evaluation == 3 { throw Crash() } }
        #expect(throws: Crash.self) { try crashing.run(mode: .new) }
        let summary = try silentSweep(plan, interrupted).run()
        #expect(summary.skipped == [plan.runs[0].name] && summary.trained == [plan.runs[1].name, plan.runs[2].name])
        for run in plan.runs {
            let a = try ScalingRun.readMetrics(interrupted.appendingPathComponent("\(run.name)/metrics.csv"))
            let b = try ScalingRun.readMetrics(reference.appendingPathComponent("\(run.name)/metrics.csv"))
            #expect(a.map(\.validationLoss) == b.map(\.validationLoss), "\(run.name)")
            #expect(a.map(\.trainLoss) == b.map(\.trainLoss) && a.map(\.flops) == b.map(\.flops), "\(run.name)")
        }
    }

    @Test func aRunResumedAfterItsLastEvaluationReportsTheSameResult() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        let run = plan.runs[0], directory = folder.appendingPathComponent(plan.runs[0].name)
        var uninterrupted = try ScalingRun(spec: run, directory: directory).run(mode: .new)
        // Resumed, every evaluation comes back from metrics.csv, whose FLOPs are rounded to 7 digits.
        var resumed = try ScalingRun(spec: run, directory: directory).run(mode: .resume)
        #expect(resumed.evaluations == uninterrupted.evaluations)
        uninterrupted.seconds = 0
        resumed.seconds = 0
        #expect(resumed == uninterrupted)
        let flops = try #require(uninterrupted.bestAtFlops)
        #expect(Double(String(format: "%.6e", flops)) != flops, "needs FLOPs that 7 digits round, or it shows nothing")
    }

    @Test func isoflopRunsStopAtTheirBudget() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = tinySettings(.isoflop)
        settings.budgets = [2e8]
        let plan = try SweepPlan(settings: settings)
        try silentSweep(plan, folder).run()
        for run in plan.runs {
            let result = try JSONFile.read(RunResult.self, from: folder.appendingPathComponent("\(run.name)/result.json"))
            #expect(result.steps == run.steps && result.flops >= 2e8 && result.budget == 2e8)
            let records = try ScalingRun.readMetrics(folder.appendingPathComponent("\(run.name)/metrics.csv"))
            #expect(records.last?.iterations == run.steps)
            let peak = Double(run.training.learningRate)
            #expect(abs(Double(try #require(records.last).learningRate) - 0.1 * peak) < 1e-6 * peak, "the last step runs at 10 % of the peak")
        }
    }

    @Test func aRunLockedByAnotherProcessIsSkipped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        let locks = folder.appendingPathComponent(".locks")
        try FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true)
        let fd = open(locks.appendingPathComponent("\(plan.runs[0].name).lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let summary = try silentSweep(plan, folder).run()
        #expect(summary.busy == [plan.runs[0].name])
        #expect(summary.trained == plan.runs.dropFirst().map(\.name))
    }
}
