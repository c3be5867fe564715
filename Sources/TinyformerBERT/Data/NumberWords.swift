// English number words, for the verbal-arithmetic task and the arithmetic pretraining corpus.

/// English words for the integers 0…999 ("zero", "nineteen", "forty-two", "three hundred and
/// five"), the course's spelling for 0…19.
public enum NumberWords {
    /// "zero" … "nineteen".
    public static let units = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                               "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                               "eighteen", "nineteen"]
    /// "twenty" … "ninety" for 2…9 tens.
    public static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// The words for `n` in 0…999, nil outside.
    public static func words(_ n: Int) -> String? {
        switch n {
        case 0..<20: return units[n]
        case 20..<100: return tens[n / 10] + (n % 10 == 0 ? "" : "-" + units[n % 10])
        case 100..<1000:
            let rest = n % 100
            return units[n / 100] + " hundred" + (rest == 0 ? "" : " and " + (words(rest) ?? ""))
        default: return nil
        }
    }

    /// The value of number words written by `words(_:)` (0…999), nil for anything else.
    public static func value(_ text: String) -> Int? {
        (0..<1000).first { words($0) == text }
    }
}
