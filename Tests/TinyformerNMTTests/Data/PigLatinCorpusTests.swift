import Foundation
import Testing
import TinyformerNMT

/// Tokenisation, the seeded selection and the committed fixture files.
@Suite struct PigLatinCorpusTests {
    @Test("tokenisation lowercases and keeps words of a–z joined by single hyphens")
    func tokenisation() {
        let text = "The Dashwoods, Mrs. Jennings;--but ill-natured\n'twould \"Edward's\" don't 7000L ask- to--day"
        #expect(PigLatinCorpus.words(in: text) == [
            "the", "dashwoods", "mrs", "jennings", "but", "ill-natured", "twould", "ask", "to", "day",
        ])
    }

    @Test("the selection is seeded: the same seed gives the same words, another seed others")
    func selectionIsSeeded() {
        let words = (0..<500).map { "w\($0)" }
        let a = PigLatinCorpus.select(100, from: words, seed: 7)
        #expect(a == PigLatinCorpus.select(100, from: words.reversed(), seed: 7))
        #expect(a != PigLatinCorpus.select(100, from: words, seed: 8))
        #expect(a.count == 100 && Set(a).count == 100 && a == a.sorted())
        #expect(Set(a).isSubset(of: Set(words)))
    }

    @Test("small.txt holds 3,198 distinct [a-z-] words with our Pig Latin")
    func smallFixture() throws {
        let small = try PairDataset.load("small", fixturesDirectory: SharedData.fixtures)
        #expect(small.count == PigLatinCorpus.smallCount)
        #expect(small.count == 3_198)
        #expect(Set(small.pairs.map(\.source)).count == 3_198)
        #expect(small.pairs.allSatisfy { PigLatin.translateWord($0.source) == $0.target })
        #expect(small.pairs.map(\.source) == small.pairs.map(\.source).sorted())
    }

    @Test("large.txt holds 22,385 distinct words with our Pig Latin, including all of small")
    func largeFixture() throws {
        let large = try PairDataset.load("large", fixturesDirectory: SharedData.fixtures)
        let small = try PairDataset.load("small", fixturesDirectory: SharedData.fixtures)
        #expect(large.count == 22_385)
        let sources = Set(large.pairs.map(\.source))
        #expect(sources.count == large.count)
        #expect(Set(small.pairs.map(\.source)).isSubset(of: sources))
        #expect(large.pairs.allSatisfy { PigLatin.translateWord($0.source) == $0.target })
    }

    @Test("a missing shared folder is an error naming the file")
    func missingSharedFolder() {
        let missing = URL(fileURLWithPath: "/nonexistent/shared/data")
        #expect(throws: DataError.cannotAccess(path: "/nonexistent/shared/data/austen-sense.txt", reason: "no such file")) {
            _ = try PigLatinCorpus.derive(sharedDirectory: missing)
        }
    }
}
