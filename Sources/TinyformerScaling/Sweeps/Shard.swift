import Foundation

/// One part of a sweep for one machine or scheduler task: shard I of N runs the plan's runs
/// number I, I + N, I + 2N, … (1-based), so N shards together run every run exactly once.
public struct Shard: Codable, Sendable, Equatable, CustomStringConvertible {
    /// I, 1-based.
    public let index: Int
    /// N.
    public let count: Int

    /// The whole sweep.
    public static let all = Shard(uncheckedIndex: 1, count: 1)

    /// - Throws: `ScalingError.invalidShard` unless 1 ≤ index ≤ count.
    public init(index: Int, count: Int) throws(ScalingError) {
        guard count >= 1, (1...count).contains(index) else {
            throw .invalidShard("expected I/N with 1 ≤ I ≤ N, got \(index)/\(count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "I/N" (e.g. "2/8", or Slurm's "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT").
    /// - Throws: `ScalingError.invalidShard` naming the text.
    public init(parsing text: String) throws(ScalingError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw .invalidShard("expected I/N such as 1/4, got \"\(text)\"")
        }
        try self.init(index: i, count: n)
    }

    /// Whether run number `position` (0-based, plan order) belongs to this shard.
    public func owns(_ position: Int) -> Bool { position % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
