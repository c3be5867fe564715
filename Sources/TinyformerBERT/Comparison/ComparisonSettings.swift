// The settings of `bert compare`: which models, which recipe.
import Foundation

/// The five classifiers of the comparison (question 3.5) and how they are trained: MiniLM
/// fine-tuned, frozen and random-init, and two miniature BERTs pretrained for the same steps on
/// arithmetic text and on *Sense and Sensibility*, each then fine-tuned with the same recipe.
public struct ComparisonSettings: Sendable, Equatable {
    /// The pretrained checkpoint (all-MiniLM-L6-v2).
    public var miniLM: URL
    /// The prose corpus (Sense and Sensibility).
    public var prose: URL
    /// Already pretrained miniature folders; nil: pretrain them under `out/pretrain-…`.
    public var mathModel: URL?
    public var proseModel: URL?
    /// The fine-tuning recipe every model shares (its `model` and `mode` are set per run).
    public var recipe: FineTuneConfig
    /// The pretraining of both miniatures (`corpus` set per run).
    public var pretraining: PretrainConfig

    public init(miniLM: URL, prose: URL, mathModel: URL? = nil, proseModel: URL? = nil, epochs: Int = 10,
                learningRate: Float = 2e-4, seed: UInt64 = 0, pretrainSteps: Int = 600) {
        self.miniLM = miniLM
        self.prose = prose
        self.mathModel = mathModel
        self.proseModel = proseModel
        recipe = FineTuneConfig(model: miniLM.path, epochs: epochs, learningRate: learningRate, seed: seed)
        pretraining = PretrainConfig(corpus: PretrainConfig.arithmeticCorpus, tokenizer: miniLM.path, steps: pretrainSteps,
                                     evaluateEvery: max(pretrainSteps / 6, 1), seed: seed)
    }
}
