import Foundation
import TinyformerPlot

/// Heat maps of the attention a model used for some translations, one per word, layer and head,
/// stacked in one SVG: cross-attention for the encoder–decoder (rows: generated characters,
/// columns: source characters + EOS), self-attention for the decoder-only model.
public enum AttentionChart {
    public static func write(_ translations: [Translation], architecture: TransformerConfig.Architecture,
                             vocabulary: Vocabulary = .pigLatin, to url: URL) throws {
        var figures: [String] = []
        for translation in translations {
            let maps = architecture == .encoderDecoder ? translation.crossAttention : translation.decoderSelfAttention
            for map in maps {
                for head in 0..<map.heads {
                    let values = (0..<map.queries).map { q in (0..<map.keys).map { k in Double(map.weight(head: head, query: q, key: k)) } }
                    let kind = architecture == .encoderDecoder ? "cross-attention" : "self-attention"
                    let headNote = map.heads > 1 ? ", head \(head + 1)" : ""
                    let chart = HeatMap(title: "\(translation.source) → \(translation.output): \(kind), layer \(map.layer + 1)\(headNote)",
                                        values: values, rowLabels: map.queryTokens.map(vocabulary.tokenName),
                                        columnLabels: map.keyTokens.map(vocabulary.tokenName),
                                        range: 0...1)
                    figures.append(try chart.svg())
                }
            }
        }
        try FigureStack(figures: figures).write(to: url)
    }
}
