// Loading Hugging Face BERT files: strict, all-or-nothing, every problem named; the name table both
// ways; writing a folder that loads back.
import Foundation
import Testing
import TinyformerBERT
import TinyformerIO
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

@Suite struct BertLoadingTests {
    static func tinyFile() throws -> [String: SafeTensorsEntry] {
        try SafeTensorsFile(contentsOf: TinyBert.folder.appendingPathComponent("model.safetensors")).tensors
    }

    @Test func missingUnexpectedAndMisshapedTensorsAreListedInOneError() throws {
        var tensors = try Self.tinyFile()
        tensors["bert.encoder.layer.1.output.dense.weight"] = nil
        tensors["bert.encoder.layer.0.attention.self.rotary.weight"] = SafeTensorsEntry(shape: [2], scalars: [1, 2])
        tensors["bert.pooler.dense.bias"] = SafeTensorsEntry(shape: [3], scalars: [1, 2, 3])
        let config = try BertConfig.read(from: TinyBert.folder.appendingPathComponent("config.json"))
        let model = try BertModel(config: config)
        let before = model.parameters.map(\.scalars)
        let error = caught(ModuleError.self) {
            try model.load(from: SafeTensorsFile(tensors: tensors, source: "edited.safetensors"),
                           mapping: .huggingFaceBert(.model(layers: 2), strippingPrefix: "bert.", skippingPrefixes: ["classifier."]))
        }
        guard case let .checkpoint(.mismatch(mismatch))? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(mismatch.missing == ["encoder.layers.1.mlp.proj.weight"])
        #expect(mismatch.unexpected == ["bert.encoder.layer.0.attention.self.rotary.weight"])
        #expect(mismatch.misshaped.map(\.parameter) == ["pooler.dense.bias"])
        #expect(model.parameters.map(\.scalars) == before, "a failed load changed parameters")
    }

    @Test func theNameTableCoversEveryParameterBothWays() throws {
        let config = BertConfig(vocabularySize: 10, hiddenSize: 8, layers: 3, heads: 2, intermediateSize: 16, maxPositions: 6)
        let classifier = try BertClassifier(config: config, labels: ["a", "b"])
        let table = classifier.nameTable
        #expect(table.pairs.map(\.own) == classifier.namedParameters.map(\.name))
        for pair in table.pairs {
            #expect(table.own(for: pair.huggingFace) == pair.own)
            #expect(table.huggingFace(for: pair.own) == pair.huggingFace)
        }
        #expect(Set(table.pairs.map(\.huggingFace)).count == table.pairs.count)
        #expect(table.huggingFace(for: "bert.encoder.layers.2.self_attention_norm.bias") == "bert.encoder.layer.2.attention.output.LayerNorm.bias")
    }

    @Test func aMaskedLMFileWithoutPoolerInitialisesItOnlyWhenAskedAndSaysSo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-nopooler-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var tensors = try Self.tinyFile()
        tensors = tensors.filter { !$0.key.contains("pooler") && !$0.key.hasPrefix("classifier") }
        let config = try BertConfig.read(from: TinyBert.folder.appendingPathComponent("config.json"))
        try BertFolder.write(config: config, weights: tensors, tokenizerSource: TinyBert.folder, to: folder)
        let bertFolder = try BertFolder(folder)
        #expect(throws: ModuleError.self) { try bertFolder.loadModel() }
        let (model, report) = try bertFolder.loadModel(initializingMissingPooler: true)
        #expect(report.initialized == ["pooler.dense.weight", "pooler.dense.bias"])
        #expect(model.pooler != nil)
        let (withoutPooler, quiet) = try bertFolder.loadModel(pooler: false)
        #expect(withoutPooler.pooler == nil && quiet.initialized.isEmpty)
    }

    @Test func aFolderWithoutSafetensorsNamesTheConversion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TinyBert.folder.appendingPathComponent("config.json"),
                                         to: folder.appendingPathComponent("config.json"))
        try Data([0]).write(to: folder.appendingPathComponent("pytorch_model.bin"))
        guard case let .missingFile(_, hint)? = caught(BertError.self, { _ = try BertFolder(folder) }) else { return }
        #expect(hint.contains("safe_serialization"))
    }

    @Test func outOfRangeInputsAreTypedErrorsNamingThePosition() throws {
        let model = try BertFolder(TinyBert.folder).loadModel().model
        let ids = try IntTensor([[2, 40, 3]])
        guard case let .invalidInput(message)? = caught(BertError.self, { _ = try model(BertInputs(inputIDs: ids)) }) else { return }
        #expect(message.contains("input_ids[0][1] is 40"))
        let long = try IntTensor([[Int](repeating: 5, count: 13)])
        #expect(throws: BertError.self) { try model(BertInputs(inputIDs: long)) }
        #expect(throws: BertError.self) { try BertInputs(inputIDs: ids, attentionMask: IntTensor([[1, 2, 1]])) }
        #expect(throws: BertError.self) { try BertInputs(inputIDs: ids, tokenTypeIDs: IntTensor([[0, 0]])) }
    }
}
