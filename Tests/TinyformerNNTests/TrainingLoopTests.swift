// The generic TrainingLoop on a tiny language model: epochs and step budgets, metrics.csv, the
// kept checkpoint, early stopping, divergence, and exact resume (also in the middle of an epoch).
// Shape letters: B batch, T positions, V vocabulary (TinyNetwork: V = 11, T ≤ 6).
import Foundation
import Testing
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// A tiny next-token task: 4 batches of 3 sequences per epoch, reshuffled by epoch.
private struct ToyTask {
    let network: TinyNetwork
    let optimizer: Adam

    init(seed: UInt64 = 1) throws {
        network = try TinyNetwork(seed: seed)
        optimizer = try Adam(parameters: network.parameters, learningRate: 1e-2)
    }

    static func batches(epoch: Int) -> [[Int]] {
        (0..<4).map { b in (0..<18).map { ($0 * 7 + b * 3 + epoch * 5) % 11 } }  // (B·T) with B = 3, T = 6
    }

    func loss(_ tokens: [Int]) throws -> Tensor {
        let targets = tokens.map { ($0 + 1) % 11 }
        return try network(tokens: tokens, batch: 3, length: 6, keyPadding: nil).crossEntropy(targets: targets)
    }

    func loop(_ length: TrainingLength, folder: RunFolder?) -> TrainingLoop<TinyNetwork, [Int]> {
        let loop = TrainingLoop<TinyNetwork, [Int]>(model: network, optimizer: optimizer, length: length,
                                                    metrics: [MetricColumn("val_loss")], folder: folder)
        loop.log = { _ in }
        loop.showProgress = false
        loop.identity = "toy"
        loop.selection = CheckpointSelection(metric: "val_loss", goal: .minimize)
        loop.batches = { Self.batches(epoch: $0) }
        loop.step = { tokens in
            let loss = try self.loss(tokens)
            try loss.backward()
            return StepResult(loss: try loss.item(), tokens: tokens.count, flops: 1000)
        }
        loop.evaluate = { _ in ["val_loss": Double(try self.loss(Self.batches(epoch: 99)[0]).item())] }
        return loop
    }
}

private func temporaryFolder(_ mode: RunFolderMode = .new, at url: URL? = nil) throws -> RunFolder {
    let url = url ?? FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
    return try RunFolder(url, mode: mode, marker: TrainingFiles.metrics)
}

/// The numbers of a history, without wall times.
private func numbers(_ history: TrainingHistory) -> [[Double]] {
    history.records.map { [Double($0.epoch), $0.trainLoss, $0["val_loss"] ?? .nan, Double($0.learningRate), Double($0.iterations), $0.flops] }
}

@Suite struct TrainingLoopTests {
    @Test func anEpochRunWritesMetricsTheCheckpointAndTheResumeState() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let task = try ToyTask()
        let history = try task.loop(.epochs(3), folder: folder).run()
        #expect(history.epochsRun == 3 && history.records.map(\.iterations) == [4, 8, 12])
        #expect(history.records.map(\.flops) == [4000, 8000, 12000])
        #expect(history.records[2].trainLoss < history.records[0].trainLoss)
        let csv = try CSVLog.open(url: folder.file(TrainingFiles.metrics), columns: MetricsRecord.columns([MetricColumn("val_loss")]))
        #expect(csv.rows.count == 3 && csv.columns == ["epoch", "train_loss", "val_loss", "seconds", "tokens_per_s", "lr", "iterations", "flops"])
        #expect(folder.contains(TrainingFiles.checkpoint) && folder.contains(TrainingFiles.resumeState))
        let kept = try SafeTensorsFile(contentsOf: folder.file(TrainingFiles.checkpoint))
        #expect(kept.metadata["epoch"] == String(history.bestEpoch))
        #expect(kept.metadata["val_loss"] == history.bestValues["val_loss"].map { String($0) })
    }

    @Test func recordedPhasesAddThreeColumnsThatSplitTheStepTime() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let task = try ToyTask()
        let loop = task.loop(.epochs(2), folder: folder)
        loop.recordsPhaseSeconds = true
        var reported = 0.0  // forward seconds the steps claimed, per period
        loop.step = { tokens in
            let start = DispatchTime.now().uptimeNanoseconds
            let loss = try task.loss(tokens)
            let forward = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            reported += forward
            try loss.backward()
            return StepResult(loss: try loss.item(), tokens: tokens.count, forwardSeconds: forward)
        }
        var forwards: [Double] = []
        loop.onEpochStart = { _ in forwards.append(reported); reported = 0 }
        let history = try loop.run()
        forwards.append(reported)
        let columns = MetricsRecord.columns([MetricColumn("val_loss")], phases: true)
        #expect(Array(columns.suffix(3)) == ["forward_s", "backward_s", "optimizer_s"])
        let csv = try CSVLog.open(url: folder.file(TrainingFiles.metrics), columns: columns)
        #expect(csv.rows.count == 2)
        for (index, record) in history.records.enumerated() {
            let phases = try #require(record.phases)
            #expect(abs(phases.forward - forwards[index + 1]) < 1e-12)
            #expect(phases.backward > 0 && phases.optimizer > 0)
            #expect(phases.forward + phases.backward + phases.optimizer <= record.seconds)
            let parsed = try #require(MetricsRecord(csvFields: csv.rows[index], metrics: [MetricColumn("val_loss")]))
            #expect(abs((parsed.phases?.optimizer ?? -1) - phases.optimizer) < 1e-4)
        }
    }

    @Test func aRunStartedWithoutPhaseColumnsResumesWithItsOwnHeader() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        _ = try ToyTask().loop(.epochs(1), folder: folder).run()
        let loop = try ToyTask().loop(.epochs(2), folder: try temporaryFolder(.resume, at: folder.url))
        loop.recordsPhaseSeconds = true
        let history = try loop.run(resume: true)
        #expect(history.epochsRun == 2 && history.records.allSatisfy { $0.phases == nil })
        let csv = try CSVLog.open(url: folder.file(TrainingFiles.metrics), columns: MetricsRecord.columns([MetricColumn("val_loss")]))
        #expect(csv.rows.count == 2)
    }

    @Test func aStepBudgetEvaluatesEveryNStepsAcrossEpochs() throws {
        let task = try ToyTask()
        let history = try task.loop(.steps(11, evaluateEvery: 5), folder: nil).run()
        #expect(history.records.map(\.iterations) == [5, 10, 11])
    }

    @Test func theLearningRateFollowsItsScheduleEveryStep() throws {
        let task = try ToyTask()
        let loop = task.loop(.steps(6, evaluateEvery: 3), folder: nil)
        var seen: [Float] = []
        loop.learningRate = { _, step in Float(step + 1) * 1e-3 }
        let inner = loop.step
        loop.step = { batch in
            seen.append(task.optimizer.learningRate)
            return try inner(batch)
        }
        let history = try loop.run()
        #expect(seen == (1...6).map { Float($0) * 1e-3 })
        #expect(history.records.map(\.learningRate) == [3e-3, 6e-3])
    }

    @Test(arguments: [TrainingLength.epochs(4), .steps(14, evaluateEvery: 3)])
    func aResumedRunEqualsAnUninterruptedOne(length: TrainingLength) throws {
        let whole = try temporaryFolder(), split = try temporaryFolder()
        defer { for f in [whole, split] { try? FileManager.default.removeItem(at: f.url) } }
        let uninterrupted = try ToyTask().loop(length, folder: whole).run()
        let shorter: TrainingLength = switch length {
        case .epochs: .epochs(2)
        case let .steps(_, every): .steps(every * 2, evaluateEvery: every)  // stops in the middle of an epoch
        }
        _ = try ToyTask().loop(shorter, folder: split).run()
        let fresh = try ToyTask(seed: 99)  // other initial weights: the resume state must replace them
        let resumed = try fresh.loop(length, folder: try temporaryFolder(.resume, at: split.url)).run(resume: true)
        #expect(numbers(resumed) == numbers(uninterrupted))
        let a = try SafeTensorsFile(contentsOf: whole.file(TrainingFiles.resumeState))
        let b = try SafeTensorsFile(contentsOf: split.file(TrainingFiles.resumeState))
        #expect(a.tensors == b.tensors)
    }

    @Test func aRunAlreadyPastItsPlanReportsItAndTrainsNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        _ = try ToyTask().loop(.epochs(3), folder: folder).run()
        let task = try ToyTask()
        let loop = task.loop(.epochs(2), folder: try temporaryFolder(.resume, at: folder.url))
        var lines: [String] = []
        loop.log = { lines.append($0) }
        let history = try loop.run(resume: true)
        #expect(history.epochsRun == 3 && lines.contains { $0.hasPrefix("already done") })
    }

    @Test func resumingARunThatFinishedNoEpochStartsFromTheFirst() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try CSVLog(url: folder.file(TrainingFiles.metrics), columns: ["stale"]).save()  // written before a kill -9
        let loop = try ToyTask().loop(.epochs(2), folder: try temporaryFolder(.resume, at: folder.url))
        var lines: [String] = []
        loop.log = { lines.append($0) }
        let resumed = try loop.run(resume: true)
        let straight = try ToyTask().loop(.epochs(2), folder: nil).run()
        #expect(numbers(resumed) == numbers(straight))
        #expect(lines.first?.contains("starting from the first") == true)
    }

    @Test func aResumeStateOfAnotherRunIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        _ = try ToyTask().loop(.epochs(1), folder: folder).run()
        let loop = try ToyTask().loop(.epochs(2), folder: try temporaryFolder(.resume, at: folder.url))
        loop.identity = "another configuration"
        #expect {
            try loop.run(resume: true)
        } throws: { error in
            guard case TrainingError.resumeMismatch = error else { return false }
            return true
        }
    }

    @Test(arguments: [("epochs_done", "-1"), ("steps", "many"), ("flops", "nan"), ("best_values", #"{"val_loss":"nan"}"#),
                      ("best_epoch", "9")])
    func impossibleResumeCountersAreACorruptCheckpoint(key: String, value: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        _ = try ToyTask().loop(.epochs(1), folder: folder).run()
        let url = folder.file(TrainingFiles.resumeState)
        let file = try SafeTensorsFile(contentsOf: url)
        var metadata = file.metadata
        metadata[key] = value
        try SafeTensorsFile.write(file.tensors, metadata: metadata, to: url)
        #expect {
            try ToyTask().loop(.epochs(2), folder: try temporaryFolder(.resume, at: folder.url)).run(resume: true)
        } throws: { error in
            guard case TrainingError.corruptCheckpoint(let path, _) = error else { return false }
            return path == url.path
        }
    }

    @Test func patienceStopsARunThatStopsImproving() throws {
        let task = try ToyTask()
        let loop = task.loop(.epochs(10), folder: nil)
        var epoch = 0
        loop.evaluate = { _ in
            epoch += 1
            return ["val_loss": epoch == 1 ? 1 : 2]  // never better than the first
        }
        loop.patience = 2
        let history = try loop.run()
        #expect(history.stoppedEarly && history.epochsRun == 3 && history.bestEpoch == 1)
    }

    @Test func aNonFiniteLossStopsTrainingAndKeepsTheLastGoodCheckpoint() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let task = try ToyTask()
        let loop = task.loop(.epochs(3), folder: folder)
        let inner = loop.step
        var steps = 0
        loop.step = { batch in
            steps += 1
            return steps == 6 ? StepResult(loss: .nan) : try inner(batch)  // the second epoch diverges
        }
        #expect {
            try loop.run()
        } throws: { error in
            guard case let TrainingError.diverged(epoch, step, _, _, checkpoint) = error else { return false }
            return epoch == 2 && step == 2 && checkpoint == folder.file(TrainingFiles.checkpoint).path
        }
        #expect(try SafeTensorsFile(contentsOf: folder.file(TrainingFiles.checkpoint)).metadata["epoch"] == "1")
    }

    @Test func aLossThatExplodesButStaysFiniteIsDivergenceToo() throws {
        let task = try ToyTask()
        let loop = task.loop(.epochs(2), folder: nil)
        let inner = loop.step
        var steps = 0
        loop.step = { batch in
            steps += 1
            var result = try inner(batch)
            if steps == 3 { result.loss = 1e9 }
            return result
        }
        #expect {
            try loop.run()
        } throws: { error in
            guard case let TrainingError.diverged(_, step, _, reason, nil) = error else { return false }
            return step == 3 && reason.contains("first loss")
        }
    }

    @Test func invalidSettingsAreRejectedBeforeTraining() throws {
        let task = try ToyTask()
        for length in [TrainingLength.epochs(0), .steps(0, evaluateEvery: 1), .steps(5, evaluateEvery: 0)] {
            #expect(throws: TrainingError.self) { try task.loop(length, folder: nil).run() }
        }
        let loop = task.loop(.epochs(1), folder: nil)
        loop.gradientClipNorm = .nan
        #expect(throws: TrainingError.self) { try loop.run() }
    }
}

@Suite struct RunFolderTests {
    @Test func aNewRunRefusesAFolderWithFilesAndOverwriteClearsIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try RunFolder(url, mode: .new, marker: "config.json")  // creates it
        try Data("x".utf8).write(to: url.appendingPathComponent("notes.txt"))
        #expect(throws: RunFolderError.notEmpty(path: url.path)) { try RunFolder(url, mode: .new, marker: "config.json") }
        #expect(throws: RunFolderError.self) { try RunFolder(url, mode: .resume, marker: "config.json") }
        try Data("{}".utf8).write(to: url.appendingPathComponent("config.json"))  // overwrite replaces only a run
        _ = try RunFolder(url, mode: .overwrite, marker: "config.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path).isEmpty)
    }

    @Test func openingAFolderRemovesLeftoverTemporaryFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in ["config.json", ".last.safetensors.tmp-1234"] { try Data("x".utf8).write(to: url.appendingPathComponent(name)) }
        _ = try RunFolder(url, mode: .resume, marker: "config.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.path) == ["config.json"])
    }

    @Test func emptyPathsAndFilesAreNotRunFolders() throws {
        #expect(throws: RunFolderError.self) { try RunFolder(URL(fileURLWithPath: ""), mode: .new, marker: "config.json") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("file-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: RunFolderError.notADirectory(path: file.path)) { try RunFolder(file, mode: .new, marker: "config.json") }
    }

    @Test func identitiesDifferWhenAnyPartDoes() {
        let a = RunFolder.identity(of: [Array("config".utf8), Array("data".utf8)])
        #expect(a == RunFolder.identity(of: [Array("config".utf8), Array("data".utf8)]))
        #expect(a != RunFolder.identity(of: [Array("confi".utf8), Array("gdata".utf8)]))
        #expect(a != RunFolder.identity(of: [Array("config".utf8), Array("date".utf8)]))
    }
}
