import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerNMT
import TinyformerScaling

extension SweepProtocol: ExpressibleByArgument {}

/// Comma-separated positive numbers ("16,32,48" or "8e10,1.6e11").
/// - Throws: `CLIError.usage` naming the flag and the text.
func parseList<T: LosslessStringConvertible & Comparable & Numeric>(_ text: String, flag: String) throws(CLIError) -> [T] {
    let values = text.split(separator: ",", omittingEmptySubsequences: false).map { T(String($0).trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > T.zero }) else {
        throw .usage("\(flag) \(text): expected comma-separated positive numbers")
    }
    return values.compactMap { $0 }
}

/// "small" and "large" as they are; a pairs file checked and made absolute, so `sweep.json`
/// names the same file from any working directory.
func resolveData(_ value: String) throws(CLIError) -> String {
    if PairDataset.fixtureNames.contains(value) { return value }
    return try PathFlag.inputFile(value, flag: "--data").path
}

/// A library error about the command line's settings (a plan or shard that cannot be) as a
/// usage error; anything else unchanged.
func asUsage<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ScalingError {
        switch error {
        case .invalidPlan, .invalidShard: throw CLIError.usage(error.description)
        default: throw error
        }
    }
}
