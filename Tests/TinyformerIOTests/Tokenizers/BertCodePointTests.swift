// Every code point through the normalizer and pre-tokenizer, against what Hugging Face's tokenizers
// make of it (Fixtures/tokenizers/bert_codepoints_*.txt, written by Scripts/make_tokenizer_fixtures.py).
import Foundation
import Testing
@testable import TinyformerIO

@Suite struct BertCodePointTests {
    /// Every code point of a run is checked in optimized builds (as `Scripts/test` runs them);
    /// unoptimized builds check every 16th and the last of each run (and every single entry),
    /// which keeps `swift test` quick.
    #if DEBUG
    private static let runStride: UInt32 = 16
    #else
    private static let runStride: UInt32 = 1
    #endif

    /// Ends each piece in the flattened piece lists (not a Unicode scalar value).
    private static let endOfPiece: UInt32 = 0xFFFF_FFFF

    /// Appends the pre-tokens of "a" + c + "a" by the fixture's run class `cls` (each piece
    /// followed by `endOfPiece`); false for a class that is not a run class.
    private static func appendExpected(_ c: UInt32, class cls: Substring, to out: inout [UInt32]) -> Bool {
        let a: UInt32 = 0x61, end = endOfPiece
        switch cls {
        case "=": out += [a, c, a, end]
        case "D": out += [a, a, end]
        case "S": out += [a, end, a, end]
        case "I": out += [a, end, c, end, a, end]
        case "H":
            out.append(a)
            BertCharacterTable.shared.appendDecomposition(of: c, to: &out)
            out += [a, end]
        default: return false
        }
        return true
    }

    /// The pre-tokens of `codes` after `normalizer`, flattened as in `appendExpected`.
    private static func pieces(_ codes: [UInt32], _ normalizer: BertNormalizer, into out: inout [UInt32]) {
        var normalized: [UInt32] = []
        normalizer.normalize(codes[...], into: &normalized)
        out.removeAll(keepingCapacity: true)
        BertPreTokenizer().forEachWord(in: normalized) { word in
            out += normalized[word]
            out.append(endOfPiece)
        }
    }

    /// Checks "a c a" for every code point c of `file`, 4,096 at a time joined by spaces (which
    /// keeps them independent: a space is a word boundary and a starter for NFD's reordering);
    /// returns the number of code points the file covers and the first few failures, found one by
    /// one in failing chunks.
    private static func failures(_ file: String, _ normalizer: BertNormalizer) throws -> (covered: Int, failures: [String]) {
        let text = try String(contentsOf: tokenizerFixtures.appendingPathComponent(file), encoding: .utf8)
        var failures: [String] = []
        var covered = 0
        var input: [UInt32] = [], expected: [UInt32] = [], got: [UInt32] = []
        var entries: [(c: UInt32, expected: Range<Int>)] = []
        func hex(_ flat: some Collection<UInt32>) -> String {
            flat.split(separator: endOfPiece).map { "[" + $0.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ") + "]" }
                .joined(separator: " ")
        }
        func check() {
            pieces(input, normalizer, into: &got)
            if got != expected {
                for (c, range) in entries where failures.count < 10 {
                    var one: [UInt32] = []
                    pieces([0x61, c, 0x61], normalizer, into: &one)
                    if one[...] != expected[range] {
                        failures.append("U+\(String(c, radix: 16, uppercase: true)): Swift \(hex(one)), "
                                        + "Hugging Face \(hex(expected[range]))")
                    }
                }
            }
            input.removeAll(keepingCapacity: true)
            expected.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }
        func add(_ c: UInt32, _ fill: (inout [UInt32]) -> Void) {
            let start = expected.count
            fill(&expected)
            entries.append((c, start..<expected.count))
            input += [0x20, 0x61, c, 0x61]
            if entries.count == 4096 { check() }
        }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let bounds = fields[0].split(separator: "-").compactMap { UInt32($0, radix: 16) }
            guard fields.count == 2, let first = bounds.first, let last = bounds.last, first <= last else {
                failures.append("malformed line \(line)"); continue
            }
            covered += Int(last - first) + 1
            var probe: [UInt32] = []
            if appendExpected(first, class: fields[1], to: &probe) {
                for c in first...last where (c - first) % runStride == 0 || c == last {
                    add(c) { _ = appendExpected(c, class: fields[1], to: &$0) }
                }
            } else {
                let codes = fields[1].split(separator: " ").flatMap { piece in
                    piece.split(separator: ",").compactMap { UInt32($0, radix: 16) } + [endOfPiece]
                }
                add(first) { $0 += codes }
            }
        }
        if !entries.isEmpty { check() }
        return (covered, failures)
    }

    @Test(arguments: [
        ("bert_codepoints_uncased.txt", BertNormalizer(lowercase: true)),
        ("bert_codepoints_lowercase_only.txt", BertNormalizer(lowercase: true, stripAccents: false)),
        ("bert_codepoints_cased.txt", BertNormalizer(lowercase: false)),
    ])
    func everyCodePointNormalizesAndSplitsAsHuggingFace(file: String, normalizer: BertNormalizer) throws {
        let (covered, failures) = try Self.failures(file, normalizer)
        #expect(covered == 0x110000 - 0x800, "every Unicode scalar value is in \(file)")
        #expect(failures.isEmpty, "\(file): \(failures.joined(separator: "; "))")
    }

    @Test func generatedTablesParseCompletely() {
        let table = BertCharacterTable.shared
        #expect(table.malformedItemCount == 0)
        #expect(table.decompositions.count == 2060)
        #expect(table.lowercaseMappings.count == 1488)
        #expect(table.combiningClasses.count == 810)
    }
}
