import Testing
import TinyformerNMT
import TinyformerScaling

@Suite struct CourseFlopsTests {
    let config = TransformerConfig(architecture: .decoderOnly, hiddenSize: 16, layers: 4)

    /// h = 16, L = 4, V = 30, s = 10, worked by hand:
    /// layer = 6·10·256 + 2·100·16 + 3·100 + 2·100·16 + 2·10·256 = 15,360 + 3,200 + 300 + 3,200 + 5,120
    /// = 27,180; forward = 4·27,180 + 2·10·30·16 = 108,720 + 9,600 = 118,320; training = 354,960.
    @Test func forwardAndTrainingMatchAWorkedExample() {
        #expect(CourseFlops.forward(sequenceLength: 10, config: config) == 118_320)
        #expect(CourseFlops.training(sequenceLength: 10, config: config) == 354_960)
    }

    /// The course's count is the library's matrix-product count plus the softmax's 3s² per layer.
    @Test(arguments: [(3, 4), (6, 8), (12, 14)])
    func equalsTheLibraryCountPlusTheSoftmax(source: Int, target: Int) {
        let s = source + target + 2
        for h in [16, 48, 128] {
            var c = config
            c.hiddenSize = h
            #expect(CourseFlops.forward(sequenceLength: s, config: c)
                == c.forwardFlops(sourceLength: source, targetLength: target) + Double(3 * s * s * 4))
        }
    }

    @Test func aBatchCostsItsSequencesTimesOne() throws {
        let pairs = (1...3).map { EncodedPair(source: [Int](repeating: $0, count: 5), target: [Int](repeating: $0, count: 7)) }
        let batch = try #require(try LengthBatcher(pairs: pairs, batchSize: 3, order: .fixed).batches(epoch: 0).first)
        #expect(batch.count == 3)
        #expect(CourseFlops.training(batch: batch, config: config) == 3 * CourseFlops.training(sequenceLength: 14, config: config))
    }

    @Test func sixNDIsSixFlopsPerParameterPerToken() {
        #expect(CourseFlops.sixND(parameters: 4_862, tokens: 1_000) == 29_172_000)
    }
}
