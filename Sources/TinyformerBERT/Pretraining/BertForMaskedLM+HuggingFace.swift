// A masked-LM model's weights under Hugging Face's names, written as a model folder.
import Foundation
import TinyformerIO
import TinyformerNN

extension BertNameTable {
    /// Every parameter of a `BertForMaskedLM`: the model's (no pooler) under `bert.` and the head
    /// under `cls.predictions.…` (the decoder weight is the tied word-embedding table and its bias
    /// `cls.predictions.bias`, as transformers saves them).
    public static func maskedLM(layers: Int) -> BertNameTable {
        model(layers: layers, pooler: false).prefixed(own: "bert.", huggingFace: "bert.") + BertNameTable([
            NamePair(own: "transform.weight", huggingFace: "cls.predictions.transform.dense.weight"),
            NamePair(own: "transform.bias", huggingFace: "cls.predictions.transform.dense.bias"),
            NamePair(own: "transform_norm.weight", huggingFace: "cls.predictions.transform.LayerNorm.weight"),
            NamePair(own: "transform_norm.bias", huggingFace: "cls.predictions.transform.LayerNorm.bias"),
            NamePair(own: "bias", huggingFace: "cls.predictions.bias"),
        ])
    }
}

extension BertForMaskedLM {
    /// This model's names, own ↔ Hugging Face.
    public var nameTable: BertNameTable { .maskedLM(layers: config.layers) }

    /// The weights under Hugging Face's `BertForMaskedLM` names.
    public func huggingFaceStateDict() -> [String: SafeTensorsEntry] {
        let table = nameTable
        return Dictionary(uniqueKeysWithValues: namedParameters.map { (table.huggingFace(for: $0.name) ?? $0.name, $0.tensor.safeTensorsEntry) })
    }

    /// Writes a Hugging Face folder (`config.json` with `architectures: ["BertForMaskedLM"]`,
    /// `model.safetensors`, the tokenizer files of `tokenizerSource`) that `BertFolder` and
    /// transformers' `from_pretrained` load.
    public func writeFolder(to url: URL, tokenizerSource: URL) throws {
        var config = self.config
        config.architectures = ["BertForMaskedLM"]
        config.labels = nil
        try BertFolder.write(config: config, weights: huggingFaceStateDict(), tokenizerSource: tokenizerSource, to: url)
    }

    /// Loads a Hugging Face `BertForMaskedLM` (or `BertForPreTraining`) file strictly; the tied
    /// copies `cls.predictions.decoder.*` that older files hold, the next-sentence head and the
    /// pooler are skipped.
    public func loadHuggingFace(_ file: SafeTensorsFile) throws {
        try load(from: file, mapping: .huggingFaceBert(nameTable, skippingPrefixes: [
            "cls.predictions.decoder.", "cls.seq_relationship.", "bert.pooler.",
        ]))
    }
}
