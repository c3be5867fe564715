import Foundation
import TinyformerIO
import TinyformerNN

/// A run's data, prepared from its `TrainingConfig`: the dataset and its vocabulary, the seeded
/// train/validation split, the batches, and the greedy-decoding limit of the accuracy metric.
struct RunData {
    let dataset: PairDataset
    let vocabulary: Vocabulary
    let train: PairDataset
    let validation: PairDataset
    let trainBatcher: LengthBatcher
    let validationBatches: [PairBatch]
    let maxOutputLength: Int

    /// - Throws: `DataError` for unreadable or unusable data (a split that leaves no training or
    ///   no validation pair); `TrainingError.invalidConfiguration` when a pair cannot fit the
    ///   model's positional table.
    init(config: TrainingConfig) throws {
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
