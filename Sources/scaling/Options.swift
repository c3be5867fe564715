import ArgumentParser
import TinyformerScaling

extension SweepProtocol: ExpressibleByArgument {}

/// Comma-separated numbers ("16,32,48" or "8e10,1.6e11").
func parseList<T: LosslessStringConvertible>(_ text: String, flag: String) throws -> [T] {
    let values = text.split(separator: ",").map { T(String($0).trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
        throw ValidationError("\(flag): expected comma-separated numbers, got \"\(text)\"")
    }
    return values.compactMap { $0 }
}
