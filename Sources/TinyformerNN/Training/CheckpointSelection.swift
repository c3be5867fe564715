/// Which evaluation metric picks a run's kept checkpoint and counts for early stopping.
public struct CheckpointSelection: Codable, Sendable, Equatable {
    /// Whether lower or higher values are better.
    public enum Goal: String, Codable, Sendable {
        case minimize
        case maximize
    }

    /// The metric column that decides (e.g. "val_loss").
    public var metric: String
    public var goal: Goal
    /// The column that decides between equal values of `metric`, and its goal.
    public var tieBreaker: String?
    public var tieBreakerGoal: Goal

    public init(metric: String, goal: Goal, tieBreaker: String? = nil, tieBreakerGoal: Goal = .minimize) {
        self.metric = metric
        self.goal = goal
        self.tieBreaker = tieBreaker
        self.tieBreakerGoal = tieBreakerGoal
    }

    /// Whether an evaluation with `values` beats the kept one (`best`, nil before any): a
    /// better finite `metric`, or an equal one with a better tie-breaker.
    public func improves(_ values: [String: Double], over best: [String: Double]?) -> Bool {
        guard let value = values[metric], value.isFinite else { return false }
        guard let best, let bestValue = best[metric] else { return true }
        if value == bestValue, let tieBreaker, let tie = values[tieBreaker], let bestTie = best[tieBreaker] {
            return Self.better(tie, than: bestTie, tieBreakerGoal)
        }
        return Self.better(value, than: bestValue, goal)
    }

    private static func better(_ a: Double, than b: Double, _ goal: Goal) -> Bool {
        goal == .minimize ? a < b : a > b
    }
}

/// How long a loop trains and when it evaluates.
public enum TrainingLength: Codable, Sendable, Equatable {
    /// Whole epochs of the batch source, evaluating after each.
    case epochs(Int)
    /// A number of optimizer steps drawn from the batch source's epochs in order, evaluating
    /// every `evaluateEvery` steps and after the last (for budgets set in steps or FLOPs).
    case steps(Int, evaluateEvery: Int)
}

/// One evaluation column of `metrics.csv`: its CSV name, the short label of the log line and
/// the log's number format.
public struct MetricColumn: Sendable, Equatable {
    public var name: String
    public var label: String
    public var format: String

    public init(_ name: String, label: String? = nil, format: String = "%.4f") {
        self.name = name
        self.label = label ?? name
        self.format = format
    }
}
