import Foundation
import TinyformerNMT

/// One model size's parameters and compute per epoch of a sweep's training set.
public struct AccountingRow: Codable, Sendable, Equatable {
    public var hiddenSize: Int
    public var params: ParameterCount
    /// Course FLOPs, target tokens and sequences of one epoch.
    public var epoch: ComputeTotals
    /// 6 · N · D over one epoch (N = `params.course`).
    public var sixNDPerEpoch: Double
}

/// The parameter and FLOP accounting of a sweep's model sizes (`scaling params`).
public enum AccountingTable {
    /// One row per size of `settings`, on its training data.
    /// - Throws: the data's and the configuration's errors.
    public static func rows(_ settings: SweepSettings) throws -> [AccountingRow] {
        try settings.validate()
        let data = try RunData(config: SweepPlan.training(settings, hiddenSize: settings.hiddenSizes[0]))
        return try settings.hiddenSizes.map { h in
            var model = SweepPlan.training(settings, hiddenSize: h).model
            model.vocabularySize = data.vocabulary.size
            let ledger = try ComputeLedger(batcher: data.trainBatcher, config: model)
            let params = try ParameterCount(config: model)
            return AccountingRow(hiddenSize: h, params: params, epoch: ledger.epochTotals,
                                 sixNDPerEpoch: CourseFlops.sixND(parameters: params.course, tokens: Double(ledger.epochTotals.targetTokens)))
        }
    }

    /// A markdown table of `rows` with the run's total over `epochs` epochs.
    public static func markdown(_ rows: [AccountingRow], epochs: Int) -> String {
        var lines = ["| h | N (course) | N total | N non-embedding | course FLOPs / epoch | 6·N·D / epoch | ratio | D / epoch | course FLOPs, \(epochs) epochs |",
                     "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in rows {
            lines.append(String(format: "| %d | %d | %d | %d | %.3e | %.3e | %.2f | %d | %.3e |", row.hiddenSize, row.params.course,
                                row.params.total, row.params.nonEmbedding, row.epoch.flops, row.sixNDPerEpoch,
                                row.epoch.flops / row.sixNDPerEpoch, row.epoch.targetTokens, Double(epochs) * row.epoch.flops))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
