import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor

/// Tiny course-preset models (encoder–decoder and decoder-only) memorise 20 words in a few
/// hundred Adam steps.
@Suite struct TrainingSmokeTests {
    static let pairs: [(String, String)] = [
        ("the", "ethay"), ("and", "andway"), ("to", "otay"), ("of", "ofway"), ("her", "erhay"), ("was", "asway"),
        ("she", "eshay"), ("his", "ishay"), ("not", "otnay"), ("for", "orfay"), ("but", "utbay"), ("had", "adhay"),
        ("you", "ouyay"), ("with", "ithway"), ("that", "atthay"), ("it", "itway"), ("be", "ebay"), ("in", "inway"),
        ("as", "asway"), ("sense", "ensesay"),
    ]

    /// The pairs grouped by (source length, target length), as the data pipeline batches them.
    static func batches(_ architecture: TransformerConfig.Architecture) throws -> [TransformerInputs] {
        var groups: [[Int]: [(String, String)]] = [:]
        for pair in pairs { groups[[pair.0.count, pair.1.count], default: []].append(pair) }
        return try groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let group = groups[key] ?? []
            return try TransformerInputs(architecture: architecture, sources: group.map { try Vocabulary.pigLatin.encode($0.0) },
                                         targets: group.map { try Vocabulary.pigLatin.encode($0.1) })
        }
    }

    @Test(arguments: TransformerConfig.Architecture.allCases)
    func aTinyModelLearnsTwentyWords(_ architecture: TransformerConfig.Architecture) throws {
        let model = try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 32, layers: 2, seed: 1))
        let batches = try Self.batches(architecture)
        let optimizer = try Adam(parameters: model.parameters, learningRate: 2e-3)
        var epochLoss: Float = .infinity
        let epochs = 80  // 6 batches each: 480 steps
        for _ in 0..<epochs {
            var total: Float = 0
            for batch in batches {
                optimizer.zeroGrad()
                let loss = try model.loss(batch)
                total += try loss.item()
                try loss.backward()
                optimizer.step()
            }
            epochLoss = total / Float(batches.count)
        }
        #expect(epochLoss < 0.05, "\(architecture): mean loss of the last epoch \(epochLoss)")
        let words = ["the", "and", "with", "sense", "of", "you"]
        let expected = words.map { word in Self.pairs.first { $0.0 == word }!.1 }
        #expect(try model.translate(words).map(\.output) == expected)
    }
}
