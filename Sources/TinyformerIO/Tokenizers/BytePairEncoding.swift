// Byte-pair encoding with ranked merges, as OpenAI's CLIP tokenizer and Hugging Face's slow
// CLIPTokenizer apply it (`bpe()`), over interned symbol ids instead of strings.

/// The merges of a BPE vocabulary and the algorithm that applies them to one word.
///
/// A word (the UTF-8 bytes of one pre-tokenized piece) starts as one symbol per byte — its byte's
/// `ByteToUnicode` scalar, the last one with `</w>` appended — and repeatedly merges every
/// occurrence, left to right, of the adjacent pair with the lowest rank (its line in
/// `merges.txt`), until no adjacent pair has a rank.
struct BytePairEncoding: Sendable {
    /// The end-of-word marker appended to a word's last symbol.
    static let endOfWord = "</w>"

    /// Symbol strings by id.
    private(set) var symbols: [String] = []
    private var ids: [String: Int32] = [:]
    /// (left << 32 | right) → (rank, merged symbol).
    private var merges: [UInt64: (rank: Int32, merged: Int32)] = [:]
    /// The symbol of each byte inside a word, and at its end (with `</w>`).
    private var byteSymbols: [Int32] = []
    private var finalByteSymbols: [Int32] = []

    /// Merges in rank order (rank 0 first). A pair listed twice takes its last rank, as Python's
    /// `dict(zip(merges, range(n)))` in Hugging Face's slow tokenizer.
    init(merges pairs: [(String, String)]) {
        for b in 0..<256 {
            let scalar = String(ByteToUnicode.scalars[b])
            byteSymbols.append(intern(scalar))
            finalByteSymbols.append(intern(scalar + Self.endOfWord))
        }
        for (rank, (left, right)) in pairs.enumerated() {
            merges[Self.key(intern(left), intern(right))] = (Int32(rank), intern(left + right))
        }
    }

    private mutating func intern(_ symbol: String) -> Int32 {
        if let id = ids[symbol] { return id }
        let id = Int32(symbols.count)
        symbols.append(symbol)
        ids[symbol] = id
        return id
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// The symbols of one word given as UTF-8 bytes (empty for no bytes).
    func encode<Bytes: Collection<UInt8>>(word bytes: Bytes) -> [Int32] {
        guard !bytes.isEmpty else { return [] }
        var word = bytes.dropLast().map { byteSymbols[Int($0)] }
        word.append(finalByteSymbols[Int(bytes[bytes.index(bytes.endIndex, offsetBy: -1)])])
        while word.count > 1 {
            // The adjacent pair of lowest rank.
            var best: (rank: Int32, left: Int32, right: Int32, merged: Int32)?
            for i in 0..<(word.count - 1) {
                if let merge = merges[Self.key(word[i], word[i + 1])], merge.rank < (best?.rank ?? .max) {
                    best = (merge.rank, word[i], word[i + 1], merge.merged)
                }
            }
            guard let best else { break }
            // Merge every occurrence, scanning left to right.
            var merged: [Int32] = []
            merged.reserveCapacity(word.count)
            var i = 0
            while i < word.count {
                if i + 1 < word.count, word[i] == best.left, word[i + 1] == best.right {
                    merged.append(best.merged)
                    i += 2
                } else {
                    merged.append(word[i])
                    i += 1
                }
            }
            word = merged
        }
        return word
    }
}
