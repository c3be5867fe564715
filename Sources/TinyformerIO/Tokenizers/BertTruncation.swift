// Hugging Face tokenizers' "longest_first" truncation of one sequence or a pair.

/// Truncation as Hugging Face `tokenizers` does it with `TruncationStrategy::LongestFirst`
/// (transformers' default `truncation=True`), applied before the special tokens are added.
enum BertTruncation {
    /// Cuts `first` (and `second`) from the right so that together they hold at most `budget` ids.
    ///
    /// A pair is cut as `tokenizers` does it (not one token at a time): with n1 ≤ n2 the lengths
    /// of the shorter and longer sequence, the shorter keeps n1 and the longer max(n1, budget − n1)
    /// when that fits; otherwise the first sequence keeps ⌊budget/2⌋ and the second the rest —
    /// e.g. budget 4 and lengths (7, 3) give (2, 2), budget 10 and lengths (1, 20) give (1, 9).
    static func longestFirst(_ first: inout [Int], _ second: inout [Int]?, budget: Int) {
        let budget = max(budget, 0)
        guard var pair = second else {
            if first.count > budget { first.removeLast(first.count - budget) }
            return
        }
        guard first.count + pair.count > budget else { return }
        let swapped = first.count > pair.count
        var n1 = min(first.count, pair.count)
        var n2 = n1 > budget ? n1 : max(n1, budget - n1)
        if n1 + n2 > budget {
            n1 = budget / 2
            n2 = n1 + budget % 2
        }
        if swapped { swap(&n1, &n2) }
        if first.count > n1 { first.removeLast(first.count - n1) }
        if pair.count > n2 { pair.removeLast(pair.count - n2) }
        second = pair
    }
}
