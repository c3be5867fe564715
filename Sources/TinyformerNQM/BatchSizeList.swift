import Foundation

/// Parsing of batch-size lists such as "1,2,4,8" or the geometric shorthand "1,2,4,…,4096"
/// (also "1,2,...,4096"): an ellipsis continues the ratio of the two values before it up to the
/// value after it.
public enum BatchSizeList {
    /// Parses a comma-separated list of positive integers, expanding one "…"/"..." shorthand.
    /// Throws `NQMError.invalidBatchSizes` for an empty list, a non-integer, a value < 1, or an
    /// ellipsis without two preceding values and an integer ratio > 1.
    public static func parse(_ text: String) throws(NQMError) -> [Int] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(items.count == 1 && items[0].isEmpty) else { throw NQMError.invalidBatchSizes("the list is empty") }
        var values: [Int] = []
        var index = 0
        while index < items.count {
            let item = items[index]
            if item == "..." || item == "…" {
                guard values.count >= 2, index + 1 < items.count, let end = Int(items[index + 1]) else {
                    throw NQMError.invalidBatchSizes("'\(item)' needs two values before it and one after it, as in 1,2,4,…,4096")
                }
                let a = values[values.count - 2], b = values[values.count - 1]
                guard a >= 1, b > a, b % a == 0 else {
                    throw NQMError.invalidBatchSizes("'\(item)' continues a geometric sequence with an integer ratio > 1; got \(a), \(b)")
                }
                guard end > b else {
                    throw NQMError.invalidBatchSizes("'\(item)' must end above \(b), got \(end)")
                }
                let ratio = b / a
                var next = b
                while next <= end / ratio {
                    next *= ratio
                    values.append(next)
                }
                if values.last != end { values.append(end) }
                index += 2
                continue
            }
            guard let value = Int(item) else {
                throw NQMError.invalidBatchSizes("'\(item)' is not an integer")
            }
            values.append(value)
            index += 1
        }
        try NQM.validateBatchSizes(values)
        return values
    }
}
