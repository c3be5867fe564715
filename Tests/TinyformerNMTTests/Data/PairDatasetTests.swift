import Foundation
import Testing
import TinyformerNMT

/// Parsing pairs files, their errors, and the seeded split.
@Suite struct PairDatasetTests {
    /// Writes `text` to a fresh temporary file.
    func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("a pairs file parses into pairs and their encodings, skipping blank lines")
    func parsesPairs() throws {
        let url = try temporaryFile("team eamtay\n\n  ill-natured\tillway-aturednay  \r\nyeah yeahay\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try PairDataset.load(url.path, vocabulary: .pigLatin)
        #expect(data.pairs == [
            TranslationPair(source: "team", target: "eamtay"),
            TranslationPair(source: "ill-natured", target: "illway-aturednay"),
            TranslationPair(source: "yeah", target: "yeahay"),
        ])
        #expect(data.encoded[0] == EncodedPair(source: [20, 5, 1, 13], target: try Vocabulary.pigLatin.encode("eamtay")))
        #expect(data.encoded[1].source[3] == 0)  // '-'
        #expect(data.name == url.path)
    }

    @Test("a line without exactly two fields is an error naming file and line", arguments: [
        "team eamtay\nshopping\n", "team eamtay\nshopping oppingshay extra\n",
    ])
    func wrongFieldCountNamesFileAndLine(text: String) throws {
        let url = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: DataError.self) { try PairDataset(contentsOf: url) }
        guard case let .malformedLine(path, line, _) = error else { Issue.record("got \(error)"); return }
        #expect(path == url.path && line == 2)
        #expect(error.description.hasPrefix("\(url.path):2: expected 2 fields"))
    }

    @Test("a character outside the vocabulary is an error naming file, line and character")
    func unknownCharacterNamesFileAndLine() throws {
        let url = try temporaryFile("team eamtay\n\nedward's edwardway'say\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: DataError.self) { try PairDataset(contentsOf: url) }
        guard case let .malformedLine(path, line, reason) = error else { Issue.record("got \(error)"); return }
        #expect(path == url.path && line == 3)
        #expect(reason.contains("'''"))
        #expect(error.description.hasPrefix("\(url.path):3: "))
    }

    @Test("a missing or empty file is an error naming it")
    func missingOrEmptyFile() throws {
        #expect(throws: DataError.cannotAccess(path: "/nonexistent/pairs.txt", reason: "no such file")) {
            try PairDataset.load("/nonexistent/pairs.txt")
        }
        let url = try temporaryFile("\n \n")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: DataError.empty(path: url.path)) { try PairDataset(contentsOf: url) }
    }

    @Test("the split is 80/20 and partitions the pairs")
    func splitIsEightyTwenty() throws {
        let small = try PairDataset.load("small", fixturesDirectory: SharedData.fixtures)
        let (train, validation) = try small.split(seed: 0)
        #expect(train.count == 2_558 && validation.count == 640)
        #expect(Set(train.pairs + validation.pairs) == Set(small.pairs))
        #expect(Set(train.pairs).isDisjoint(with: Set(validation.pairs)))
        #expect(zip(train.pairs, train.encoded).allSatisfy { (try? Vocabulary.pigLatin.encode($0.source)) == $1.source })
    }

    @Test("the split is deterministic in the seed")
    func splitIsDeterministic() throws {
        let pairs = (0..<50).map { TranslationPair(source: String(repeating: "a", count: $0 + 1), target: "x") }
        let data = try PairDataset(pairs: pairs)
        let a = try data.split(seed: 42), b = try data.split(seed: 42), c = try data.split(seed: 43)
        #expect(a.train == b.train && a.validation == b.validation)
        #expect(a.train.pairs != c.train.pairs)
        #expect(a.train.count == 40 && a.validation.count == 10)
        #expect(throws: DataError.self) { try data.split(seed: 0, trainPercent: 101) }
    }
}
