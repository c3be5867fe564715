import Foundation
import Testing
import TinyformerIO
import TinyformerNMT
import TinyformerNN

/// A tiny run on the committed small dataset (fast in a debug build).
func tinyTrainingConfig(epochs: Int = 2, architecture: TransformerConfig.Architecture = .encoderDecoder,
                        learningRate: Float = 5e-3) -> TrainingConfig {
    let model = TransformerConfig(architecture: architecture, hiddenSize: 16, layers: 1, seed: 3)
    return TrainingConfig(model: model, data: "small", batchSize: 32, epochs: epochs, learningRate: learningRate,
                          seed: 3, maxTrainingPairs: 160)
}

func temporaryRunDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("tinyformer-run-\(UUID().uuidString)")
}

/// A trainer that prints nothing.
func quietTrainer(_ config: TrainingConfig, _ directory: URL) throws -> Trainer {
    let trainer = try Trainer(config: config, runDirectory: directory)
    trainer.log = { _ in }
    trainer.showProgress = false
    return trainer
}

@Suite struct TrainerTests {
    @Test func aRunWritesConfigMetricsAndALoadableCheckpoint() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let summary = try quietTrainer(tinyTrainingConfig(), directory).run()
        #expect(summary.epochsRun == 2)
        let metrics = try String(contentsOf: directory.appendingPathComponent("metrics.csv"), encoding: .utf8)
        #expect(metrics.hasPrefix("epoch,train_loss,val_loss,val_word_acc,seconds"))
        #expect(metrics.split(separator: "\n").count == 3)
        #expect(try TrainingConfig.load(runDirectory: directory) == tinyTrainingConfig())
        let model = try Transformer.load(runDirectory: directory)
        #expect(model.config == tinyTrainingConfig().model)
    }

    @Test func trainingLowersTheLoss() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try quietTrainer(tinyTrainingConfig(epochs: 4), directory).run().records
        #expect(records.last!.trainLoss < records.first!.trainLoss)
        #expect(records.last!.validationLoss < records.first!.validationLoss)
    }

    @Test(arguments: [TransformerConfig.Architecture.encoderDecoder, .decoderOnly])
    func resumingGivesTheSameNumbersAsAnUninterruptedRun(architecture: TransformerConfig.Architecture) throws {
        let straight = temporaryRunDirectory(), split = temporaryRunDirectory()
        defer {
            try? FileManager.default.removeItem(at: straight)
            try? FileManager.default.removeItem(at: split)
        }
        let full = try quietTrainer(tinyTrainingConfig(epochs: 4, architecture: architecture), straight).run()
        _ = try quietTrainer(tinyTrainingConfig(epochs: 2, architecture: architecture), split).run()
        let resumed = try quietTrainer(tinyTrainingConfig(epochs: 4, architecture: architecture), split).run(resume: true)
        func numbers(_ r: [MetricsRecord]) -> [[Double]] { r.map { [$0.trainLoss, $0.validationLoss, $0.validationWordAccuracy, Double($0.iterations)] } }
        #expect(numbers(resumed.records) == numbers(full.records))
        let a = try Transformer.load(runDirectory: straight).stateDict(), b = try Transformer.load(runDirectory: split).stateDict()
        #expect(a == b)
    }

    @Test func resumingWithoutAnEarlierRunNamesTheMissingFile() throws {
        let directory = temporaryRunDirectory()
        #expect(throws: RunFolderError.noRun(path: directory.path, reason: "nothing to resume here (no config.json)")) {
            try quietTrainer(tinyTrainingConfig(), directory).run(resume: true)
        }
    }

    @Test func aMissingCheckpointNamesTheFolder() {
        let directory = temporaryRunDirectory()
        #expect {
            try Transformer.load(runDirectory: directory)
        } throws: { error in
            "\(error)".contains(directory.path) && "\(error)".contains("checkpoint.safetensors")
        }
    }

    @Test func aCorruptCheckpointGivesAClearError() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try quietTrainer(tinyTrainingConfig(epochs: 1), directory).run()
        let weights = directory.appendingPathComponent("checkpoint.safetensors")
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count / 2).write(to: weights)
        #expect {
            try Transformer.load(runDirectory: directory)
        } throws: { error in
            guard case TrainingError.corruptCheckpoint(let path, _) = error else { return false }
            return path == weights.path
        }
    }

    @Test func divergenceStopsWithAMessageThatNamesNoCheckpointWhenNoneWasKept() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = tinyTrainingConfig(epochs: 3)
        config.learningRate = 1e9  // the loss blows up in the first epoch
        #expect {
            try quietTrainer(config, directory).run()
        } throws: { error in
            guard case TrainingError.diverged(_, _, _, _, nil) = error else { return false }
            return "\(error)".contains("no checkpoint was kept yet")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("checkpoint.safetensors").path))
    }

    @Test func resumingWithAnotherConfigurationIsRefused() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try quietTrainer(tinyTrainingConfig(epochs: 1), directory).run()
        var other = tinyTrainingConfig(epochs: 2)
        other.seed = 99
        #expect {
            try quietTrainer(other, directory).run(resume: true)
        } throws: { error in
            guard case TrainingError.resumeMismatch = error else { return false }
            return true
        }
    }

    @Test func aNewRunRefusesAFolderThatHoldsARunAndLeavesItUntouched() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try quietTrainer(tinyTrainingConfig(epochs: 1), directory).run()
        let metrics = try Data(contentsOf: directory.appendingPathComponent("metrics.csv"))
        #expect(throws: RunFolderError.notEmpty(path: directory.path)) { try quietTrainer(tinyTrainingConfig(epochs: 2), directory).run() }
        #expect(try Data(contentsOf: directory.appendingPathComponent("metrics.csv")) == metrics)
        try quietTrainer(tinyTrainingConfig(epochs: 1), directory).run(overwrite: true)
    }

    @Test func invalidSettingsAreRejectedBeforeTraining() {
        var config = tinyTrainingConfig()
        config.batchSize = 0
        #expect(throws: TrainingError.self) { try Trainer(config: config, runDirectory: temporaryRunDirectory()) }
        config = tinyTrainingConfig()
        config.learningRateDecay = 1.5
        #expect(throws: TrainingError.self) { try Trainer(config: config, runDirectory: temporaryRunDirectory()) }
        config = tinyTrainingConfig()
        config.gradientClipNorm = 0
        #expect(throws: TrainingError.self) { try Trainer(config: config, runDirectory: temporaryRunDirectory()) }
    }

    @Test func clippedTrainingStillLearnsAndRecordsTheSetting() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = tinyTrainingConfig(epochs: 3)
        config.gradientClipNorm = 0.5
        let records = try quietTrainer(config, directory).run().records
        #expect(records.last!.trainLoss < records.first!.trainLoss)
        #expect(try TrainingConfig.load(runDirectory: directory).gradientClipNorm == 0.5)
    }

    @Test func learningRateIsMultipliedByTheDecayBeforeEveryEpoch() {
        let config = TrainingConfig(learningRate: 1, learningRateDecay: 0.5)
        #expect(config.learningRate(epoch: 0) == 0.5)
        #expect(config.learningRate(epoch: 2) == 0.125)
    }

    @Test func theCourseExperimentHasTheCoursesFiveRuns() {
        let runs = CourseExperiment.runs()
        #expect(runs.map(\.name) == ["h32-small", "h32-large", "h64-small", "h64-large", "decoder-h128-small"])
        #expect(runs[0].config.model.layers == 4 && runs[0].config.batchSize == 64 && runs[0].config.epochs == 100)
        #expect(runs[1].config.batchSize == 512 && runs[1].config.patience == 10)
        #expect(runs[3].config.model.hiddenSize == 64 && runs[3].config.epochs == 50 && runs[3].config.patience == 20)
        #expect(runs[4].config.model.architecture == .decoderOnly && runs[4].config.model.hiddenSize == 128)
        #expect(runs.allSatisfy { $0.config.learningRate == 5e-4 && $0.config.learningRateDecay == 0.99 })
    }
}
