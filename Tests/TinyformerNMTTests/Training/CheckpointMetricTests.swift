// Which epoch a run keeps as its checkpoint: by validation loss (the course's) or by validation
// word accuracy (`--keep-best accuracy`).
import Foundation
import Testing
import TinyformerIO
import TinyformerNMT

@Suite struct CheckpointMetricTests {
    /// Whether an epoch with validation `loss` and `accuracy` beats a checkpoint kept at
    /// (`bestLoss`, `bestAccuracy`).
    private func improves(_ metric: CheckpointMetric, loss: Double, accuracy: Double, bestLoss: Double, bestAccuracy: Double) -> Bool {
        metric.selection.improves(["val_loss": loss, "val_word_acc": accuracy],
                                  over: ["val_loss": bestLoss, "val_word_acc": bestAccuracy])
    }

    @Test func byLossOnlyALowerLossWinsWhateverTheAccuracy() {
        let metric = CheckpointMetric.validationLoss
        #expect(improves(metric, loss: 0.5, accuracy: 0.1, bestLoss: 0.6, bestAccuracy: 0.9))
        #expect(!improves(metric, loss: 0.7, accuracy: 0.99, bestLoss: 0.6, bestAccuracy: 0.9))
    }

    @Test func byAccuracyAHigherAccuracyWinsAndEqualAccuraciesGoToTheLowerLoss() {
        let metric = CheckpointMetric.validationWordAccuracy
        #expect(improves(metric, loss: 0.7, accuracy: 0.95, bestLoss: 0.6, bestAccuracy: 0.9))
        #expect(!improves(metric, loss: 0.5, accuracy: 0.85, bestLoss: 0.6, bestAccuracy: 0.9))
        #expect(improves(metric, loss: 0.55, accuracy: 0.9, bestLoss: 0.6, bestAccuracy: 0.9))
        #expect(!improves(metric, loss: 0.65, accuracy: 0.9, bestLoss: 0.6, bestAccuracy: 0.9))
    }

    @Test(arguments: CheckpointMetric.allCases)
    func theFirstEpochAlwaysBeatsHavingNoCheckpoint(metric: CheckpointMetric) {
        #expect(metric.selection.improves(["val_loss": 3.2, "val_word_acc": 0], over: nil))
    }

    @Test(arguments: CheckpointMetric.allCases)
    func aNonFiniteEpochNeverBecomesTheCheckpoint(metric: CheckpointMetric) {
        #expect(!metric.selection.improves(["val_loss": .nan, "val_word_acc": .nan], over: nil))
    }

    /// Trains one epoch, then pretends the kept checkpoint had an unbeatable accuracy but a huge
    /// loss, and resumes for a second epoch: only selection by loss replaces it.
    @Test(arguments: [(CheckpointMetric.validationLoss, 2), (.validationWordAccuracy, 1)])
    func theRunKeepsTheEpochItsMetricPrefers(metric: CheckpointMetric, keptEpoch: Int) throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = tinyTrainingConfig(epochs: 1)
        config.checkpointMetric = metric
        try quietTrainer(config, directory).run()
        let state = directory.appendingPathComponent("last.safetensors")
        let file = try SafeTensorsFile(contentsOf: state)
        var metadata = file.metadata
        metadata["best_values"] = #"{"val_loss":"1e300","val_word_acc":"2.0"}"#
        try SafeTensorsFile.write(file.tensors, metadata: metadata, to: state)

        config.epochs = 2
        let summary = try quietTrainer(config, directory).run(resume: true)  // the identity ignores the epoch count
        #expect(summary.bestEpoch == keptEpoch)
        let checkpoint = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.metadata["epoch"] == String(keptEpoch))
    }

    @Test func theKeptCheckpointRecordsItsEpochLossAndAccuracy() throws {
        let directory = temporaryRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = tinyTrainingConfig(epochs: 2)
        config.checkpointMetric = .validationWordAccuracy
        let summary = try quietTrainer(config, directory).run()
        let kept = summary.records[summary.bestEpoch - 1]
        #expect(summary.bestValidationLoss == kept.validationLoss)
        #expect(summary.bestValidationWordAccuracy == kept.validationWordAccuracy)
        let checkpoint = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.metadata["val_word_acc"] == String(kept.validationWordAccuracy))
        #expect(try TrainingConfig.load(runDirectory: directory).checkpointMetric == .validationWordAccuracy)
    }

    @Test func aConfigWrittenBeforeTheSettingExistedKeepsByLoss() throws {
        let data = try JSONEncoder().encode(tinyTrainingConfig())
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.removeValue(forKey: "checkpointMetric") as? String == "loss")
        let old = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: old)
        #expect(decoded.checkpointMetric == .validationLoss)
        #expect(decoded == tinyTrainingConfig())
    }
}
