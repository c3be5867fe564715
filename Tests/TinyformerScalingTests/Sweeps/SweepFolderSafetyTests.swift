import Foundation
import Testing
import TinyformerIO
import TinyformerScaling

@Suite struct SweepFolderSafetyTests {
    @Test func aFolderWithOtherFilesIsNeverTouched() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let plan = try SweepPlan(settings: tinySettings(.course))
        #expect { try silentSweep(plan, folder).run() } throws: { error in
            guard case let ScalingError.notASweep(path, reason)? = error as? ScalingError else { return false }
            return path == folder.path && reason.contains("notes.txt")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
    }

    @Test func aKilledWritersTemporaryFileIsRemovedAndALiveShardsIsKept() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        try JSONFile.write(plan, to: folder.appendingPathComponent(ScalingFiles.plan))
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let own = AtomicFile.temporaryName(for: ScalingFiles.plan)  // a live shard's write in flight
        let killed = own.replacingOccurrences(of: ".tmp-\(getpid())@", with: ".tmp-\(finished.processIdentifier)@")
        for name in [own, killed] { try Data("{".utf8).write(to: folder.appendingPathComponent(name)) }
        try silentSweep(plan, folder).run()
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(entries.contains(own) && !entries.contains(killed), "\(entries.sorted())")
    }

    @Test func anotherPlanInTheFolderIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let course = try SweepPlan(settings: tinySettings(.course))
        try JSONFile.write(course, to: folder.appendingPathComponent(ScalingFiles.plan))
        var settings = tinySettings(.course)
        settings.seed = 7
        let other = try SweepPlan(settings: settings)
        #expect(throws: ScalingError.planMismatch(path: folder.path, reason: "seed 0, not 7")) { try silentSweep(other, folder).run() }
    }

    @Test func aRunFolderHoldingAnotherRunIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = try SweepPlan(settings: tinySettings(.course))
        try JSONFile.write(plan, to: folder.appendingPathComponent(ScalingFiles.plan))
        var foreign = plan.runs[1]
        foreign.name = plan.runs[0].name
        try JSONFile.write(foreign, to: folder.appendingPathComponent("\(plan.runs[0].name)/config.json"))
        #expect { try silentSweep(plan, folder).run() } throws: { error in
            guard case let ScalingError.runFolderConflict(run, _, reason)? = error as? ScalingError else { return false }
            return run == plan.runs[0].name && reason.contains("another run")
        }
    }
}
