import Foundation
import Testing
import TinyformerIO
import TinyformerScaling

@Suite struct SweepFolderReadingTests {
    @Test func aMissingOrEmptyFolderIsNotASweep() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ScalingError.notASweep(path: folder.path, reason: "the folder is empty (run `scaling sweep --out \(folder.path)` first)")) {
            try SweepFolder.load(folder)
        }
        let missing = folder.appendingPathComponent("nothing")
        #expect(throws: ScalingError.notASweep(path: missing.path, reason: "no such folder")) { try SweepFolder.load(missing) }
    }

    @Test func aForeignFolderIsNamed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("epoch,loss\n".utf8).write(to: folder.appendingPathComponent("metrics.csv"))
        #expect { try SweepFolder.load(folder) } throws: { error in
            (error as? ScalingError)?.description.contains("no sweep.json among its 1 entries (metrics.csv)") == true
        }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("sweep.json"))
        #expect { try SweepFolder.load(folder) } throws: { error in
            guard case let .notASweep(path, _)? = error as? ScalingError else { return false }
            return path == folder.path
        }
    }

    @Test func aHalfWrittenRunIsLeftOutByName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SyntheticSweep.write(.course, to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("h048/result.json"))
        let sweep = try SweepFolder.load(folder)
        #expect(sweep.runs.count == 5)
        #expect(sweep.warnings == ["run h048 is unfinished (no result.json in \(folder.path)/h048); left out — rerun the sweep to finish it"])
    }

    @Test func aCorruptResultOrMetricsFileIsLeftOutByName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SyntheticSweep.write(.course, to: folder)
        try Data("{\"name\": 3".utf8).write(to: folder.appendingPathComponent("h016/result.json"))
        try Data("epoch,train_loss\n1,2\n".utf8).write(to: folder.appendingPathComponent("h032/metrics.csv"))
        let sweep = try SweepFolder.load(folder)
        #expect(sweep.runs.map(\.spec.name) == ["h048", "h064", "h096", "h128"])
        #expect(sweep.warnings.count == 2 && sweep.warnings[0].hasPrefix("run h016 cannot be read") && sweep.warnings[1].hasPrefix("run h032 cannot be read"))
    }

    @Test func aSweepWithNothingFinishedSaysSoForEveryRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        try JSONFile.write(plan, to: folder.appendingPathComponent(ScalingFiles.plan))
        #expect { try SweepFolder.load(folder) } throws: { error in
            guard case let .nothingToFit(path, reasons)? = error as? ScalingError else { return false }
            return path == folder.path && reasons.count == 3 && reasons[0].hasPrefix("run h008 has not started")
        }
    }

    @Test func aDivergedRunIsLeftOutWithItsNote() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SyntheticSweep.write(.course, to: folder)
        let url = folder.appendingPathComponent("h128/result.json")
        var result = try JSONFile.read(RunResult.self, from: url)
        result.status = .diverged
        result.note = "diverged at evaluation period 3"
        result.finalValidationLoss = nil
        try JSONFile.write(result, to: url)
        let sweep = try SweepFolder.load(folder)
        #expect(sweep.runs.count == 5 && sweep.warnings == ["run h128 diverged (diverged at evaluation period 3); left out"])
    }
}
