import Testing
import TinyformerNMT
import TinyformerScaling

@Suite struct ParameterCountTests {
    /// The course's table of N for its decoder-only models (4 layers, vocabulary 30).
    static let courseTable = [16: 4_862, 32: 17_886, 48: 39_102, 64: 68_510, 96: 151_902, 128: 268_062]

    static func course(_ h: Int) -> TransformerConfig {
        TransformerConfig(architecture: .decoderOnly, hiddenSize: h, layers: 4)
    }

    @Test(arguments: [16, 32, 48, 64, 96, 128])
    func courseCountEqualsTheCoursesTable(h: Int) throws {
        #expect(try ParameterCount(config: Self.course(h)).course == Self.courseTable[h])
    }

    /// total = course + V·h (the token embedding) and non-embedding = course − (h + 1)·V (the
    /// output layer), the formulas of the documentation.
    @Test(arguments: [16, 32, 48, 64, 96, 128])
    func totalsDifferByTheEmbeddingAndTheOutputLayer(h: Int) throws {
        let count = try ParameterCount(config: Self.course(h))
        #expect(count.total == count.course + 30 * h)
        #expect(count.nonEmbedding == 4 * (4 * h * h + 4 * h))
        #expect(count.course == 4 * (4 * h * h + 4 * h) + (h + 1) * 30)
    }

    @Test func anotherVocabularySizeCountsToo() throws {
        var config = Self.course(16)
        config.vocabularySize = 40
        #expect(try ParameterCount(config: config).course == 4 * (4 * 256 + 64) + 17 * 40)
    }
}
