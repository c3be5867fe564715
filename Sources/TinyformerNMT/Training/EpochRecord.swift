import Foundation

/// One epoch's measurements: one row of `metrics.csv`.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean of the training batches' losses.
    public var trainLoss: Double
    /// Mean of the validation batches' losses.
    public var validationLoss: Double
    /// Fraction of validation words whose greedy translation is exactly right.
    public var validationWordAccuracy: Double
    /// Wall time of the epoch's training steps (no validation).
    public var seconds: Double
    /// Decoder positions trained per second.
    public var tokensPerSecond: Double
    public var learningRate: Float
    /// Optimizer steps taken so far (the x axis of the loss plots).
    public var iterations: Int

    /// `metrics.csv` columns: the five first, extras after.
    public static let columns = ["epoch", "train_loss", "val_loss", "val_word_acc", "seconds", "tokens_per_s", "lr", "iterations"]

    public var csvFields: [String] {
        [String(epoch), String(trainLoss), String(validationLoss), String(validationWordAccuracy),
         String(format: "%.4f", seconds), String(format: "%.0f", tokensPerSecond), String(learningRate), String(iterations)]
    }

    public init(epoch: Int, trainLoss: Double, validationLoss: Double, validationWordAccuracy: Double,
                seconds: Double, tokensPerSecond: Double, learningRate: Float, iterations: Int) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationWordAccuracy = validationWordAccuracy
        self.seconds = seconds
        self.tokensPerSecond = tokensPerSecond
        self.learningRate = learningRate
        self.iterations = iterations
    }

    /// Parses a `metrics.csv` row (as written by `csvFields`).
    public init?(csvFields fields: [String]) {
        guard fields.count >= 8, let epoch = Int(fields[0]), let train = Double(fields[1]), let val = Double(fields[2]),
              let acc = Double(fields[3]), let seconds = Double(fields[4]), let tps = Double(fields[5]),
              let lr = Float(fields[6]), let iterations = Int(fields[7]) else { return nil }
        self.init(epoch: epoch, trainLoss: train, validationLoss: val, validationWordAccuracy: acc, seconds: seconds,
                  tokensPerSecond: tps, learningRate: lr, iterations: iterations)
    }
}
