/// A finished run's summary: its folder's `result.json`, written last (atomically), so a folder
/// without it is a run that did not finish.
public struct RunResult: Codable, Sendable, Equatable {
    /// How the run ended.
    public enum Status: String, Codable, Sendable {
        /// Trained for its whole planned length.
        case finished
        /// The loss became non-finite or exploded; the run stopped (`note` says where). Fits
        /// leave it out with a warning naming it.
        case diverged
    }

    public var name: String
    public var status: Status
    public var hiddenSize: Int
    public var layers: Int
    /// The IsoFLOP budget that set the run's length; nil for course runs.
    public var budget: Double?
    /// N: `ParameterCount.course`, the count every fit uses.
    public var params: Int
    public var paramsTotal: Int
    public var paramsNonEmbedding: Int
    public var steps: Int
    public var evaluations: Int
    /// The last evaluation's validation loss (the IsoFLOP point); nil when none is finite.
    public var finalValidationLoss: Double?
    /// The lowest validation loss of any evaluation, and the course FLOPs where it was reached.
    public var bestValidationLoss: Double?
    public var bestAtFlops: Double?
    /// Course FLOPs trained (`CourseFlops`, summed over the batches run).
    public var flops: Double
    /// 6 · N · D.
    public var flops6ND: Double
    /// D, target tokens trained on.
    public var targetTokens: Int
    public var sequences: Int
    /// Wall time of the training steps (evaluations excluded).
    public var seconds: Double
    /// The data-parallel replicas (`TINYFORMER_NUM_THREADS`): results depend on it.
    public var threads: Int
    /// Why a run stopped early.
    public var note: String?

    public init(name: String, status: Status, hiddenSize: Int, layers: Int, budget: Double?, params: Int, paramsTotal: Int,
                paramsNonEmbedding: Int, steps: Int, evaluations: Int, finalValidationLoss: Double? = nil,
                bestValidationLoss: Double? = nil, bestAtFlops: Double? = nil, flops: Double, flops6ND: Double, targetTokens: Int,
                sequences: Int, seconds: Double, threads: Int, note: String? = nil) {
        self.name = name
        self.status = status
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.budget = budget
        self.params = params
        self.paramsTotal = paramsTotal
        self.paramsNonEmbedding = paramsNonEmbedding
        self.steps = steps
        self.evaluations = evaluations
        self.finalValidationLoss = finalValidationLoss
        self.bestValidationLoss = bestValidationLoss
        self.bestAtFlops = bestAtFlops
        self.flops = flops
        self.flops6ND = flops6ND
        self.targetTokens = targetTokens
        self.sequences = sequences
        self.seconds = seconds
        self.threads = threads
        self.note = note
    }
}
