/// Range checks for numeric flags, with messages naming the flag, the value and the range.
public enum FlagValue {
    /// `value` if it is finite and inside `range`.
    public static func finite(_ value: Double, flag: String, in range: ClosedRange<Double>) throws(CLIError) -> Double {
        guard value.isFinite, range.contains(value) else {
            throw .usage("\(flag) \(value): expected a number from \(format(range.lowerBound)) to \(format(range.upperBound))")
        }
        return value
    }

    /// `value` if it is finite, above 0 and at most `upper`.
    public static func positive(_ value: Double, flag: String, atMost upper: Double) throws(CLIError) -> Double {
        guard value.isFinite, value > 0, value <= upper else {
            throw .usage("\(flag) \(value): expected a number above 0 and at most \(format(upper))")
        }
        return value
    }

    /// `value` if it is inside `range`.
    public static func integer(_ value: Int, flag: String, in range: ClosedRange<Int>) throws(CLIError) -> Int {
        guard range.contains(value) else {
            throw .usage("\(flag) \(value): expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
