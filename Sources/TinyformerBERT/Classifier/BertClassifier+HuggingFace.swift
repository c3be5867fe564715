// A BertClassifier's weights under Hugging Face's names (BertForSequenceClassification).
import Foundation
import TinyformerIO
import TinyformerNN

extension BertNameTable {
    /// Every parameter of a `BertClassifier`: the model's under `bert.` and `classifier.…`.
    public static func classifier(layers: Int, pooler: Bool = true) -> BertNameTable {
        model(layers: layers, pooler: pooler).prefixed(own: "bert.", huggingFace: "bert.")
            + identical(["classifier.weight", "classifier.bias"])
    }
}

extension BertClassifier {
    /// This classifier's names, own ↔ Hugging Face.
    public var nameTable: BertNameTable { .classifier(layers: config.layers, pooler: bert.pooler != nil) }

    /// The weights under Hugging Face's names (`BertForSequenceClassification.state_dict()`), or
    /// only `classifier.{weight,bias}` with `headOnly` (a frozen encoder's checkpoint).
    public func huggingFaceStateDict(headOnly: Bool = false) -> [String: SafeTensorsEntry] {
        let table = nameTable
        var entries: [String: SafeTensorsEntry] = [:]
        for (name, tensor) in namedParameters where !headOnly || name.hasPrefix("classifier.") {
            entries[table.huggingFace(for: name) ?? name] = tensor.safeTensorsEntry
        }
        return entries
    }

    /// Loads a Hugging Face `BertForSequenceClassification` file strictly (every parameter, no
    /// other tensor but the buffers), or only the head with `headOnly`.
    /// - Throws: `ModuleError.checkpoint` listing every mismatch; nothing is loaded then.
    public func loadHuggingFace(_ file: SafeTensorsFile, headOnly: Bool = false) throws {
        if headOnly {
            try classifier.load(from: file, mapping: .strippingPrefix("classifier."))
        } else {
            try load(from: file, mapping: .huggingFaceBert(nameTable))
        }
    }
}
