import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B image–caption pairs per step, T tokens, S image side, P projection width.

/// Trains a small CLIP from scratch on the synthetic shapes (`SyntheticShapes`) and writes it as a
/// Hugging Face folder that `ClipScorer`, the `clip` commands and transformers'
/// `CLIPModel.from_pretrained` load.
///
/// Each step renders B fresh training scenes (no held-out combination; captions unique within the
/// batch; with `shapeTwins`, half of them the shape twins of the other half), runs both towers
/// and the symmetric contrastive loss
///   ½ (CE(s·T·Iᵀ, arange) + CE(s·I·Tᵀ, arange)),  s = exp(logit_scale),
/// through `TrainingLoop` with AdamW (β₂ = 0.98, decay on matrices only), linear warmup and decay,
/// gradient clipping; `logit_scale` is clamped to ≤ ln 100 after every update, as CLIP does.
/// Every `evaluateEvery` steps `ClipEvaluation` measures held-out zero-shot accuracy and
/// retrieval.
///
/// The run folder (`--out`) becomes the model folder: `config.json`, `model.safetensors`,
/// `vocab.json`, `merges.txt`, `tokenizer_config.json`, `special_tokens_map.json`,
/// `preprocessor_config.json`, plus `training.json`, `metrics.csv`, `results.json` and the resume
/// state `last.safetensors`.
public final class ClipTrainer {
    public static let configFile = "training.json"
    public static let resultsFile = "results.json"
    /// ln 100: CLIP's upper bound on `logit_scale`.
    public static let maximumLogitScale = Float(Foundation.log(100.0))

    public let config: ClipTrainingConfig
    public let folder: URL
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    public var showProgress = isatty(STDOUT_FILENO) == 1

    public init(config: ClipTrainingConfig, folder: URL) throws {
        try config.validate()
        self.config = config
        self.folder = folder
    }

    /// Trains (or resumes) and writes the folder; returns `results.json`'s content.
    /// - Throws: `RunFolderError` for a folder that is not this run's, `TrainingError`,
    ///   `ClipError`, file errors.
    @discardableResult
    public func run(resume: Bool = false, overwrite: Bool = false) throws -> ClipTrainingResults {
        let start = DispatchTime.now().uptimeNanoseconds
        let runFolder = try RunFolder(folder, mode: resume ? .resume : overwrite ? .overwrite : .new, marker: Self.configFile)
        var config = self.config
        if resume { config = try JSONFile.read(ClipTrainingConfig.self, from: runFolder.file(Self.configFile)) }
        try JSONFile.write(config, to: runFolder.file(Self.configFile))

        let shapes = try SyntheticShapes(side: config.imageSide, seed: config.dataSeed, trainingTwoObjectFraction: config.twoObjectFraction,
                                         partialCaptionFraction: config.partialCaptionFraction,
                                         unnamedColourFraction: config.unnamedColourFraction, greyObjectFraction: config.greyObjectFraction,
                                         colouredBackgroundFraction: config.colouredBackgroundFraction)
        let vocabulary = Self.vocabulary(shapes: shapes, contextLength: config.contextLength)
        try vocabulary.write(to: folder)
        let tokenizer = try ClipTokenizer(directory: folder)
        let preprocessor = try PreprocessorConfigFile(side: config.imageSide).write(to: runFolder.file(ClipFiles.preprocessor))
        var generator = SeededGenerator(seed: config.seed)
        let model = try ClipModel(config: config.modelConfig(vocabularySize: tokenizer.vocabularySize, startTokenID: tokenizer.startTokenID,
                                                             endTokenID: tokenizer.endTokenID), using: &generator)
        try model.config.write(to: runFolder.file(ClipFiles.config))
        let scorer = try ClipScorer(model: model, tokenizer: tokenizer, preprocessor: preprocessor)

        let optimizer = try Adam.adamW(groups: Self.decayGroups(model, weightDecay: config.weightDecay), learningRate: config.learningRate,
                                       beta2: 0.98, epsilon: 1e-6, weightDecay: config.weightDecay)
        let loop = TrainingLoop<ClipModel, [TrainingPair]>(
            model: model, optimizer: optimizer, length: .steps(config.steps, evaluateEvery: config.evaluateEvery),
            metrics: [MetricColumn("heldout_zero_shot", label: "zero-shot", format: "%.3f"),
                      MetricColumn("seen_zero_shot", label: "seen", format: "%.3f"),
                      MetricColumn("heldout_r1", label: "R@1", format: "%.3f"), MetricColumn("logit_scale", label: "scale", format: "%.1f")],
            folder: runFolder)
        loop.identity = RunFolder.identity(of: [Array(try JSONEncoder.sortedKeys.encode(config))])
        loop.gradientClipNorm = config.gradientClipNorm
        loop.divergenceFactor = nil
        loop.log = log
        loop.showProgress = showProgress
        let schedule = LearningRateSchedule.linearWarmupDecay(peak: config.learningRate, warmupSteps: config.warmupSteps,
                                                               totalSteps: config.steps)
        loop.learningRate = { _, step in schedule.rate(at: step) }
        let stepsPerSourceEpoch = 1000
        loop.batches = { epoch in
            (0..<stepsPerSourceEpoch).map {
                Self.batch(shapes, epoch: epoch, step: $0, stepsPerEpoch: stepsPerSourceEpoch, size: config.batchSize, shapeTwins: config.shapeTwins)
            }
        }
        let imageFlops = model.config.imageForwardFlops
        loop.step = { pairs in
            Self.clampLogitScale(model)
            let scenes = pairs.map { pair in
                (pair.twin ? shapes.shapeTwin(ofTrainingScene: pair.index) : nil) ?? shapes.scene(.train, index: pair.index)
            }
            let pixels = try parallelMap(scenes) { scene in try preprocessor(try shapes.image(scene)) }
            let side = config.imageSide
            let images = try Tensor(shape: [pixels.count, 3, side, side], scalars: pixels.flatMap(\.values))  // (B, 3, S, S)
            let encoding = try tokenizer.encodeBatch(scenes.map(\.caption), maxLength: config.contextLength, padding: .longest)
            let ids = try IntTensor(encoding.rows.map(\.inputIDs)), mask = try IntTensor(encoding.rows.map(\.attentionMask))  // (B, T)
            let output = try model(inputIDs: ids, attentionMask: mask, pixelValues: images)
            let loss = config.matchedPositives
                ? try ClipModel.contrastiveLoss(output.logitsPerText, matches: scenes.map { caption in scenes.map(caption.describes) })
                : try ClipModel.contrastiveLoss(output.logitsPerText)
            try loss.backward()
            let flops = 3 * Double(pairs.count) * (imageFlops + model.config.textForwardFlops(length: ids.shape[1]))
            return StepResult(loss: try loss.item(), tokens: pairs.count, flops: flops)
        }
        var lastEvaluation: ClipEvaluation?
        loop.evaluate = { _ in
            Self.clampLogitScale(model)
            let evaluation = try ClipEvaluation.run(scorer, shapes: shapes, imagesPerCombination: config.zeroShotImagesPerCombination,
                                                    pools: config.retrievalPools)
            lastEvaluation = evaluation
            return ["heldout_zero_shot": evaluation.heldoutZeroShotAccuracy, "seen_zero_shot": evaluation.seenZeroShotAccuracy,
                    "heldout_r1": evaluation.heldoutRecallAt1, "logit_scale": Double(scorer.logitScale)]
        }

        log("CLIP on synthetic shapes: \(model.parameterCount) parameters (vision \(model.visionModel.parameterCount), text \(model.textModel.parameterCount)), vocabulary \(tokenizer.vocabularySize) tokens, \(config.steps) steps of \(config.batchSize) pairs, \(String(format: "%.1f", 3 * (imageFlops + model.config.textForwardFlops(length: 12)) * Double(config.batchSize) / 1e9)) GFLOP per step")
        let history = try loop.run(resume: resume)
        Self.clampLogitScale(model)
        model.eval()
        let evaluation = try lastEvaluation ?? ClipEvaluation.run(scorer, shapes: shapes, imagesPerCombination: config.zeroShotImagesPerCombination,
                                                                  pools: config.retrievalPools)
        try model.save(directory: folder)
        let results = ClipTrainingResults(
            heldoutZeroShotAccuracy: evaluation.heldoutZeroShotAccuracy, heldoutRecallAt1: evaluation.heldoutRecallAt1,
            chanceAccuracy: evaluation.chanceAccuracy, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9,
            evaluation: evaluation, steps: history.records.last?.iterations ?? config.steps, parameters: model.parameterCount,
            finalTrainLoss: history.records.last?.trainLoss ?? .nan, logitScale: Double(scorer.logitScale), config: config)
        try JSONFile.write(results, to: runFolder.file(Self.resultsFile))
        return results
    }

    /// The tokenizer of the caption language: BPE merges learned from 20,000 training captions
    /// and the zero-shot labels, so every caption word is one token.
    public static func vocabulary(shapes: SyntheticShapes, contextLength: Int) -> ClipVocabularyBuilder {
        let captions = (0..<20_000).map { shapes.scene(.train, index: 50_000_000 + $0).caption }
        return ClipVocabularyBuilder(corpus: captions + ShapeCombination.all.map { "a \($0)" }, contextLength: contextLength)
    }

    /// One image–caption pair of a batch: training scene `index`, or its shape twin.
    struct TrainingPair: Sendable, Equatable {
        let index: Int
        let twin: Bool
    }

    /// The pairs of one step: consecutive training scenes, each followed by its shape twin when
    /// `shapeTwins` (while two places are left), skipping any scene whose caption (or twin's)
    /// repeats one already in the batch — a repeated caption would be a false negative of the loss.
    static func batch(_ shapes: SyntheticShapes, epoch: Int, step: Int, stepsPerEpoch: Int, size: Int,
                      shapeTwins: Bool) -> [TrainingPair] {
        var index = (epoch * stepsPerEpoch + step) * size * 2  // room for skipped scenes
        var captions = Set<String>(), pairs: [TrainingPair] = []
        while pairs.count < size {
            let caption = shapes.scene(.train, index: index).caption
            if shapeTwins, pairs.count + 2 <= size, let twin = shapes.shapeTwin(ofTrainingScene: index)?.caption {
                if !captions.contains(caption), !captions.contains(twin) {
                    captions.formUnion([caption, twin])
                    pairs += [TrainingPair(index: index, twin: false), TrainingPair(index: index, twin: true)]
                }
            } else if captions.insert(caption).inserted {
                pairs.append(TrainingPair(index: index, twin: false))
            }
            index += 1
        }
        return pairs
    }

    /// Weight decay on matrices only (open_clip's rule: not on biases, LayerNorms, the class
    /// embedding or `logit_scale`, the parameters of rank < 2).
    static func decayGroups(_ model: ClipModel, weightDecay: Float) -> [ParameterGroup] {
        let parameters = model.trainableParameters
        return [ParameterGroup(parameters: parameters.filter { $0.rank >= 2 }, weightDecay: weightDecay),
                ParameterGroup(parameters: parameters.filter { $0.rank < 2 }, weightDecay: 0)]
    }

    /// logit_scale ← min(logit_scale, ln 100).
    static func clampLogitScale(_ model: ClipModel) {
        model.logitScale.data[0] = min(model.logitScale.data[0], maximumLogitScale)
    }
}

extension JSONEncoder {
    /// Sorted keys, for stable identities.
    static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
