// Learning a small CLIP BPE vocabulary from a corpus and writing it as Hugging Face's files.
import Foundation

/// Learns a byte-level BPE vocabulary in CLIP's format from a corpus, for models trained on a
/// small language (the synthetic captions), and writes it as the files `ClipTokenizer` and Hugging
/// Face's `CLIPTokenizer` read: `vocab.json`, `merges.txt`, `tokenizer_config.json`,
/// `special_tokens_map.json`.
///
/// Training (Sennrich et al.'s BPE over CLIP's words): every text is cleaned, lower-cased and split
/// exactly as `ClipTokenizer` does; each word becomes its byte symbols with `</w>` on the last;
/// then, up to `maxMerges` times, the most frequent adjacent pair (over all word occurrences; ties:
/// the pair whose symbols sort first) is merged everywhere, until no pair occurs `minimumCount`
/// times. The vocabulary lists, as OpenAI's does, the 256 byte symbols, the same with `</w>`, one
/// token per merge in merge order, then `<|startoftext|>` and `<|endoftext|>`: any text still
/// tokenizes (down to bytes), and the corpus's frequent words are single tokens.
public struct ClipVocabularyBuilder: Sendable {
    /// Token → id.
    public let vocabulary: [String: Int]
    /// The merges in rank order.
    public let merges: [(String, String)]
    /// `model_max_length` written to `tokenizer_config.json`.
    public let contextLength: Int

    /// Learns the merges of `corpus`.
    public init(corpus: [String], maxMerges: Int = 2000, minimumCount: Int = 2, contextLength: Int = 77) {
        var counts: [[String]: Int] = [:]
        for text in corpus {
            for word in ClipPreTokenizer.split(ClipTextNormalizer.normalize(text)) {
                var symbols = Array(word.utf8).map { String(ByteToUnicode.scalars[Int($0)]) }
                guard !symbols.isEmpty else { continue }
                symbols[symbols.count - 1] += "</w>"
                counts[symbols, default: 0] += 1
            }
        }
        var words = counts.map { (symbols: $0.key, count: $0.value) }.sorted { $0.symbols.lexicographicallyPrecedes($1.symbols) }
        var merges: [(String, String)] = []
        while merges.count < maxMerges {
            var pairs: [Pair: Int] = [:]
            for word in words where word.symbols.count > 1 {
                for i in 0..<(word.symbols.count - 1) { pairs[Pair(word.symbols[i], word.symbols[i + 1]), default: 0] += word.count }
            }
            guard let best = pairs.max(by: { $0.value < $1.value || ($0.value == $1.value && $1.key < $0.key) }),
                  best.value >= minimumCount else { break }
            merges.append((best.key.left, best.key.right))
            for w in words.indices { words[w].symbols = Self.merge(words[w].symbols, best.key) }
        }
        var vocabulary: [String: Int] = [:]
        let byteOrder = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        let symbols = (byteOrder + (0..<256).filter { !byteOrder.contains($0) }).map { String(ByteToUnicode.scalars[$0]) }
        for token in symbols + symbols.map({ $0 + "</w>" }) + merges.map({ $0.0 + $0.1 }) + ["<|startoftext|>", "<|endoftext|>"]
        where vocabulary[token] == nil {
            vocabulary[token] = vocabulary.count
        }
        self.vocabulary = vocabulary
        self.merges = merges
        self.contextLength = contextLength
    }

    /// Writes the four tokenizer files into `folder` (created when needed), each atomically.
    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(vocabulary), to: folder.appendingPathComponent("vocab.json"), createDirectories: true)
        let lines = ["#version: 0.2"] + merges.map { "\($0.0) \($0.1)" }
        try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: folder.appendingPathComponent("merges.txt"))
        let tokens = ["bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                      "unk_token": "<|endoftext|>"]
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(tokens), to: folder.appendingPathComponent("special_tokens_map.json"))
        let config = TokenizerConfigFile(bos_token: tokens["bos_token"] ?? "", eos_token: tokens["eos_token"] ?? "",
                                         pad_token: tokens["pad_token"] ?? "", unk_token: tokens["unk_token"] ?? "",
                                         model_max_length: contextLength)
        try AtomicFile.write(try encoder.encode(config), to: folder.appendingPathComponent("tokenizer_config.json"))
    }

    /// The fields of `tokenizer_config.json` (Hugging Face's spelling).
    private struct TokenizerConfigFile: Encodable {
        let bos_token: String, eos_token: String, pad_token: String, unk_token: String
        let model_max_length: Int
        let tokenizer_class = "CLIPTokenizer"
        let do_lower_case = true
        let add_prefix_space = false
        let errors = "replace"
    }

    private struct Pair: Hashable, Comparable {
        let left: String, right: String
        init(_ left: String, _ right: String) { self.left = left; self.right = right }
        static func < (a: Pair, b: Pair) -> Bool { (a.left, a.right) < (b.left, b.right) }
    }

    /// `symbols` with every non-overlapping occurrence of the pair (left to right) joined.
    private static func merge(_ symbols: [String], _ pair: Pair) -> [String] {
        guard symbols.count > 1 else { return symbols }
        var out: [String] = []
        out.reserveCapacity(symbols.count)
        var i = 0
        while i < symbols.count {
            if i + 1 < symbols.count, symbols[i] == pair.left, symbols[i + 1] == pair.right {
                out.append(pair.left + pair.right)
                i += 2
            } else {
                out.append(symbols[i])
                i += 1
            }
        }
        return out
    }
}
