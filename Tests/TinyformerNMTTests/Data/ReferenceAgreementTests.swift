import Foundation
import Testing
import TinyformerNMT

/// Our rule against the course's reference files, and the committed fixtures against a fresh
/// derivation — all need `../shared/data`.
@Suite(.enabled(if: SharedData.available, SharedData.skipMessage))
struct ReferenceAgreementTests {
    @Test("the rule agrees on every [a-z-] pair of pig_latin_small.txt")
    func agreesOnEverySmallPair() throws {
        let lines = try SharedData.referenceLines("pig_latin_small.txt")
        #expect(lines.count == 3_255)
        let pairs = lines.filter { $0.count == 2 && SharedData.inVocabulary($0[0]) }
        // The other 57 lines hold apostrophes, digits or quotes: outside the vocabulary.
        #expect(pairs.count == 3_198)
        let disagreements = pairs.filter { PigLatin.translateWord($0[0]) != $0[1] }
        #expect(disagreements.isEmpty, "disagreements: \(disagreements.prefix(10))")
    }

    @Test("the rule's agreement on pig_latin_large.txt is reported")
    func reportsLargeAgreement() throws {
        let lines = try SharedData.referenceLines("pig_latin_large.txt")
        let pairs = lines.filter { $0.count == 2 && SharedData.inVocabulary($0[0]) }
        let disagreements = pairs.filter { PigLatin.translateWord($0[0]) != $0[1] }
        let agreed = pairs.count - disagreements.count
        let fraction = Double(agreed) / Double(max(pairs.count, 1))
        print("pig_latin_large.txt: the rule agrees on \(agreed) of \(pairs.count) [a-z-] pairs "
            + "(\(String(format: "%.2f", 100 * fraction)) %; \(lines.count) lines in all); "
            + "differences are the course's q-only moves for qu-words and its vowel-less oddities, e.g. "
            + disagreements.prefix(4).map { "\($0[0]) → \($0[1]) (ours \(PigLatin.translateWord($0[0])))" }.joined(separator: ", "))
        // Every difference is a qu-word or a word without a e i o u y.
        let unexplained = disagreements.filter { !$0[0].contains("qu") && $0[0].contains(where: { "aeiouy".contains($0) }) }
        #expect(unexplained.isEmpty, "unexplained differences: \(unexplained.prefix(10))")
        #expect(fraction > 0.99)
    }

    @Test("the committed fixtures equal a fresh derivation from the shared data")
    func fixturesMatchDerivation() throws {
        let derived = try PigLatinCorpus.derive(sharedDirectory: SharedData.directory)
        let small = try PairDataset(contentsOf: SharedData.fixtures.appendingPathComponent("small.txt"))
        let large = try PairDataset(contentsOf: SharedData.fixtures.appendingPathComponent("large.txt"))
        #expect(small.pairs == derived.small, "Fixtures/piglatin/small.txt is stale: rerun Scripts/make-piglatin-data")
        #expect(large.pairs == derived.large, "Fixtures/piglatin/large.txt is stale: rerun Scripts/make-piglatin-data")
    }

    @Test("large holds Norvig's top 20,000 in rank order, then every other novel word")
    func largeIsNorvigUnionNovel() throws {
        let derived = try PigLatinCorpus.derive(sharedDirectory: SharedData.directory)
        let norvig = try PigLatinCorpus.norvigWords(sharedDirectory: SharedData.directory)
        let novel = try PigLatinCorpus.novelWords(sharedDirectory: SharedData.directory)
        let sources = derived.large.map(\.source)
        #expect(Array(sources.prefix(20_000)) == norvig)
        #expect(Set(sources) == Set(norvig).union(novel))
        #expect(Set(derived.small.map(\.source)).isSubset(of: Set(novel)))
        #expect(novel.count == 6_387)
    }
}
