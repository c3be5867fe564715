// BERT's split of normalized text into words, as Hugging Face tokenizers' `BertPreTokenizer`.

/// Splits normalized text into the words WordPiece sees, equal to Hugging Face `tokenizers`'
/// `BertPreTokenizer`: whitespace (Rust's `char::is_whitespace`) separates words and is dropped;
/// every punctuation character is a word of its own — ASCII 33–47, 58–64, 91–96, 123–126 and the
/// Unicode 9.0 P* categories (so `$`, `+`, `^`, `` ` ``, `|`, `~` split, but `€` and `©` do not).
public struct BertPreTokenizer: Sendable, Equatable {
    public init() {}

    /// The words of `text`, in order.
    public func split(_ text: String) -> [String] {
        let codes = text.unicodeScalars.map(\.value)
        return wordRanges(in: codes).map { range in
            var word = String.UnicodeScalarView()
            word.append(contentsOf: codes[range].compactMap(Unicode.Scalar.init))
            return String(word)
        }
    }

    /// Calls `body` with the index range of each word of `codes`, in order.
    @inline(__always)
    func forEachWord(in codes: [UInt32], _ body: (Range<Int>) -> Void) {
        let table = BertCharacterTable.shared
        let whitespace = BertCharacterFlags.whitespace.rawValue
        let punctuation = BertCharacterFlags.punctuation.rawValue
        var start = -1
        for i in codes.indices {
            let c = codes[i]
            // ASCII letters and digits need no table lookup.
            if (c | 0x20) &- 0x61 < 26 || c &- 0x30 < 10 {
                if start < 0 { start = i }
                continue
            }
            let flags = table.rawFlags(of: c)
            if flags & whitespace != 0 {
                if start >= 0 { body(start..<i); start = -1 }
            } else if flags & punctuation != 0 {
                if start >= 0 { body(start..<i); start = -1 }
                body(i..<(i + 1))
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { body(start..<codes.count) }
    }

    /// The index ranges of the words of `codes`.
    func wordRanges(in codes: [UInt32]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        forEachWord(in: codes) { ranges.append($0) }
        return ranges
    }
}
