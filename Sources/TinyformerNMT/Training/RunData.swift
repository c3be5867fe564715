import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerTensor

/// A run's data, prepared from its `TrainingConfig` exactly as `Trainer` prepares it: the dataset
/// and its vocabulary, the seeded 80/20 train/validation split (cut to `maxTrainingPairs`), the
/// training batches (`LengthBatcher`, shuffled per epoch from the seed unless `shuffleBatches`
/// is off), the validation batches (fixed order, `batchSize` pairs), and the greedy-decoding
/// limit of the accuracy metric. Public so that other drivers of `TrainingLoop` (the scaling
/// sweeps) train on the same data as `nmt train`.
public struct RunData: Sendable {
    public let dataset: PairDataset
    public let vocabulary: Vocabulary
    public let train: PairDataset
    public let validation: PairDataset
    public let trainBatcher: LengthBatcher
    public let validationBatches: [PairBatch]
    public let maxOutputLength: Int

    /// - Throws: `DataError` for unreadable or unusable data (a split that leaves no training or
    ///   no validation pair); `TrainingError.invalidConfiguration` when a pair cannot fit the
    ///   model's positional table.
    public init(config: TrainingConfig) throws {
        let vocabulary = try config.vocabularyFile.map { path -> Vocabulary in
            guard !path.isEmpty else { throw DataError.invalidArgument("the vocabulary path is empty") }
            return try JSONFile.read(Vocabulary.self, from: URL(fileURLWithPath: path))
        }
        dataset = try PairDataset.load(config.data, vocabulary: vocabulary)
        self.vocabulary = dataset.vocabulary
        var (train, validation) = try dataset.split(seed: config.seed)
        if let limit = config.maxTrainingPairs, limit < train.count {
            train = try PairDataset(pairs: Array(train.pairs.prefix(limit)), name: train.name, vocabulary: dataset.vocabulary)
        }
        guard !train.encoded.isEmpty, !validation.encoded.isEmpty else {
            throw DataError.invalidArgument(
                "\(dataset.name): \(dataset.count) pair\(dataset.count == 1 ? "" : "s") split 80/20 leave \(train.count) for training and \(validation.count) for validation; a run needs at least one of each")
        }
        self.train = train
        self.validation = validation
        maxOutputLength = config.maxOutputLength ?? (dataset.vocabulary == .pigLatin
            ? Transformer.defaultMaxOutputLength : dataset.encoded.map(\.target.count).max().map { $0 + 1 } ?? 1)
        trainBatcher = try LengthBatcher(dataset: train, batchSize: config.batchSize,
                                         order: config.shuffleBatches ? .shuffled(seed: config.seed) : .fixed)
        validationBatches = try LengthBatcher(dataset: validation, batchSize: config.batchSize, order: .fixed).batches(epoch: 0)
        try checkLengths(config.model)
    }

    /// Every training and validation sequence (and the decoding limit) must fit the model's
    /// positional table.
    private func checkLengths(_ model: TransformerConfig) throws {
        for set in [train, validation] {
            for pair in set.encoded {
                let length = model.architecture == .encoderDecoder
                    ? max(pair.source.count + 1, pair.target.count + 1, maxOutputLength)
                    : pair.source.count + 2 + max(pair.target.count, maxOutputLength - 1)
                guard length <= model.maxLength else {
                    throw TrainingError.invalidConfiguration(
                        "\(set.name) has a pair of length \(length) (source \(pair.source.count), target \(pair.target.count), decoding up to \(maxOutputLength)) but the model's maxLength is \(model.maxLength)")
                }
            }
        }
    }
}

extension RunData {
    /// The validation loss as `Trainer` reports it (`val_loss`): the mean over the validation
    /// batches of each batch's mean loss, (1/K)·Σ_k L_k, computed without gradients in the
    /// model's current mode (call `eval()` first for a dropout model).
    public func validationLoss(of model: Transformer) throws -> Double {
        try withNoGrad {
            var total = 0.0
            for batch in validationBatches {
                let inputs = try TransformerInputs(architecture: model.config.architecture, sources: batch.sources,
                                                   targets: batch.targets, vocabulary: model.vocabulary)
                total += Double(try model.loss(inputs).item())
            }
            return total / Double(max(validationBatches.count, 1))
        }
    }
}
