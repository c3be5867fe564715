// Hugging Face names both ways, writing a folder that loads back, and the typed errors of
// checkpoints that do not fit.
import Foundation
import Testing
import TinyformerCLIP
import TinyformerIO
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Suite struct ClipCheckpointTests {
    @Test func huggingFaceNamesOfTheModelAreExactlyTheSavedFilesNames() throws {
        let model = try ClipModel.load(directory: ClipFixtures.folder("tiny_eos"))
        let file = try SafeTensorsFile(contentsOf: ClipFixtures.folder("tiny_eos").appendingPathComponent("model.safetensors"))
        #expect(Set(model.huggingFaceStateDict().keys) == Set(file.names))
        for info in file.infos { #expect(model.huggingFaceStateDict()[info.name]?.shape == info.shape, "\(info.name)") }
    }

    @Test func nameTableRoundTripsEveryParameter() throws {
        var g = SeededGenerator(seed: 1)
        let model = try ClipModel(config: smallConfig(), using: &g)
        for (name, _) in model.namedParameters {
            #expect(ClipNameTable.ourName(ClipNameTable.huggingFaceName(name)) == name)
        }
        #expect(ClipNameTable.huggingFaceName("text_model.encoder.layers.11.self_attention.output.bias")
            == "text_model.encoder.layers.11.self_attn.out_proj.bias")
        #expect(ClipNameTable.huggingFaceName("vision_model.encoder.layers.0.mlp.proj.weight") == "vision_model.encoder.layers.0.mlp.fc2.weight")
    }

    @Test func savedFolderLoadsBackWithTheSameValues() throws {
        var g = SeededGenerator(seed: 2)
        let model = try ClipModel(config: smallConfig(), using: &g)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.save(directory: folder)
        let loaded = try ClipModel.load(directory: folder)
        #expect(loaded.config == model.config)
        for ((name, a), (_, b)) in zip(model.namedParameters, loaded.namedParameters) {
            #expect(a.scalars == b.scalars, "\(name)")
        }
    }

    @Test func missingAndUnexpectedTensorsAreListedByHuggingFaceName() throws {
        let source = ClipFixtures.folder("tiny_eos")
        let file = try SafeTensorsFile(contentsOf: source.appendingPathComponent("model.safetensors"))
        var tensors = file.tensors
        tensors.removeValue(forKey: "text_model.encoder.layers.1.self_attn.q_proj.weight")
        tensors["text_model.encoder.layers.1.self_attn.extra.weight"] = SafeTensorsEntry(shape: [1], scalars: [0])
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        try SafeTensorsFile.write(tensors, to: folder.appendingPathComponent("model.safetensors"))
        #expect {
            try ClipModel.load(directory: folder)
        } throws: { error in
            guard case let ClipError.checkpointMismatch(mismatch) = error else { return false }
            return mismatch.missing == ["text_model.encoder.layers.1.self_attn.q_proj.weight"]
                && mismatch.unexpected == ["text_model.encoder.layers.1.self_attn.extra.weight"]
        }
    }

    @Test func misshapedPatchEmbeddingIsReportedInConvolutionShape() throws {
        let source = ClipFixtures.folder("tiny_eos")
        var tensors = try SafeTensorsFile(contentsOf: source.appendingPathComponent("model.safetensors")).tensors
        tensors["vision_model.embeddings.patch_embedding.weight"] = SafeTensorsEntry(shape: [24, 3, 5, 5], scalars: [Float](repeating: 0, count: 24 * 75))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: source.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        try SafeTensorsFile.write(tensors, to: folder.appendingPathComponent("model.safetensors"))
        #expect {
            try ClipModel.load(directory: folder)
        } throws: { error in
            guard case let ClipError.checkpointMismatch(mismatch) = error, let wrong = mismatch.misshaped.first else { return false }
            return wrong.parameter == "vision_model.embeddings.patch_embedding.weight" && wrong.expected == [24, 3, 6, 6]
        }
    }

    @Test func positionIDBuffersOfOlderCheckpointsAreSkipped() throws {
        let source = ClipFixtures.folder("tiny_eos")
        var tensors = try SafeTensorsFile(contentsOf: source.appendingPathComponent("model.safetensors")).tensors
        tensors["text_model.embeddings.position_ids"] = SafeTensorsEntry(shape: [1, 12], scalars: (0..<12).map(Float.init))
        tensors["vision_model.embeddings.position_ids"] = SafeTensorsEntry(shape: [1, 26], scalars: (0..<26).map(Float.init))
        let model = try ClipModel.load(directory: source)
        try model.loadHuggingFace(SafeTensorsFile(tensors: tensors))
    }

    @Test func missingWeightsFileIsTyped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try smallConfig().write(to: folder.appendingPathComponent("config.json"))
        #expect(throws: ClipError.self) { try ClipModel.load(directory: folder) }
    }

    @Test func nonFiniteWeightNamesTheTensor() throws {
        let source = ClipFixtures.folder("tiny_eos")
        var tensors = try SafeTensorsFile(contentsOf: source.appendingPathComponent("model.safetensors")).tensors
        let name = "text_projection.weight"
        var values = try #require(tensors[name]).scalars
        values[5] = .nan
        tensors[name] = SafeTensorsEntry(shape: [16, 32], scalars: values)
        let model = try ClipModel.load(directory: source)
        #expect {
            try model.loadHuggingFace(SafeTensorsFile(tensors: tensors, source: "edited"))
        } throws: { error in
            guard case let ClipError.nonFiniteWeight(_, tensor, index) = error else { return false }
            return tensor == name && index == 5
        }
    }
}
