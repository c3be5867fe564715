// Module.load(from:mapping:strict:allowNonFinite:) on the Hugging Face-style fixture
// (Fixtures/checkpoint, see Fixtures/README.md) and on small in-memory files: mapping, the single
// error listing every problem, all-or-nothing loading, F16/BF16 exactness, non-finite values.
import Foundation
import Testing
import TinyformerIO
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

@Suite struct CheckpointMappedLoadTests {
    private func fixture(_ name: String) throws -> SafeTensorsFile { try Fixture("checkpoint/\(name)").file }

    /// Every parameter's values by name, bit patterns (NaN-safe) for exact comparisons.
    private func bits(_ module: any Module) -> [String: [UInt32]] {
        Dictionary(uniqueKeysWithValues: module.namedParameters.map { ($0.name, $0.tensor.scalars.map(\.bitPattern)) })
    }

    /// The error `body` throws, expected to be `ModuleError.checkpoint`.
    private func checkpointError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> CheckpointError? {
        do {
            try body()
            Issue.record("expected a checkpoint error, the load succeeded", sourceLocation: sourceLocation)
        } catch ModuleError.checkpoint(let error) {
            return error
        } catch {
            Issue.record("expected ModuleError.checkpoint, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    @Test func huggingFaceFileLoadsStrictlyThroughTheMapping() throws {
        let file = try fixture("bert_like_f32")
        let model = try TinyBert(seed: 1)
        try model.load(from: file, mapping: TinyBert.huggingFaceMapping)
        for (name, tensor) in model.namedParameters {
            let stored = try file.entry(named: "bert." + name)
            #expect(tensor.scalars.map(\.bitPattern) == stored.scalars.map(\.bitPattern), "\(name)")
        }
        #expect(model.patch.weight.shape == [4, 8])
    }

    @Test func huggingFaceFileWithoutTheMappingFailsWithOneErrorListingEveryName() throws {
        let file = try fixture("bert_like_f32")
        let model = try TinyBert(seed: 1)
        let before = bits(model)
        let error = checkpointError { try model.load(from: file) }
        #expect(error == .mismatch(CheckpointMismatch(
            source: file.source, missing: model.namedParameters.map(\.name), unexpected: file.names)))
        #expect(file.names.contains("bert.embeddings.position_ids") && file.names.count == 8)
        let message = error?.description ?? ""
        for name in model.namedParameters.map(\.name) + file.names {
            #expect(message.contains("'\(name)'"), "message lacks \(name)")
        }
        #expect(message.contains(file.source) && message.contains("(7 missing, 8 unexpected)"))
        #expect(bits(model) == before)
    }

    @Test func everyKindOfProblemIsListedInTheSameError() throws {
        let file = try fixture("bert_like_f32")
        let model = try TinyBert(seed: 1)
        let before = bits(model)
        // Forgets the position_ids buffer and the conv flattening, renames the LayerNorm away.
        let mapping = CheckpointMapping.strippingPrefix("bert.")
            .then(.renaming(["embeddings.LayerNorm.bias": "embeddings.norm.bias"]))
        let error = checkpointError { try model.load(from: file, mapping: mapping) }
        #expect(error == .mismatch(CheckpointMismatch(
            source: file.source,
            missing: ["embeddings.LayerNorm.bias"],
            unexpected: ["bert.embeddings.position_ids", "bert.embeddings.LayerNorm.bias"],
            misshaped: [ShapeMismatch(parameter: "patch_embed.proj.weight", tensor: "bert.patch_embed.proj.weight",
                                      expected: [4, 8], stored: [4, 2, 2, 2], found: [4, 2, 2, 2])])))
        #expect(error?.description.contains("'patch_embed.proj.weight' ← 'bert.patch_embed.proj.weight': found [4, 2, 2, 2], expected [4, 8]") == true)
        #expect(bits(model) == before)
    }

    @Test func misshapedTensorsAreRejectedEvenWhenNotStrict() throws {
        var state = try TinyBert(seed: 2).stateDict()
        state["encoder.layer.0.intermediate.dense.bias"] = SafeTensorsEntry(shape: [15], scalars: Array(repeating: 1, count: 15))
        state["patch_embed.proj.bias"] = nil
        state["extra"] = SafeTensorsEntry(shape: [1], scalars: [0])
        let file = SafeTensorsFile(tensors: state, source: "state.safetensors")
        let model = try TinyBert(seed: 3)
        let before = bits(model)
        let error = checkpointError { try model.load(from: file, strict: false) }
        #expect(error == .mismatch(CheckpointMismatch(source: "state.safetensors", misshaped: [ShapeMismatch(
            parameter: "encoder.layer.0.intermediate.dense.bias", tensor: "encoder.layer.0.intermediate.dense.bias",
            expected: [16], stored: [15], found: [15])])))
        #expect(bits(model) == before)
    }

    @Test func nonStrictLoadIgnoresUnexpectedTensorsAndLeavesMissingParametersUntouched() throws {
        let source = try TinyBert(seed: 4)
        var state = source.stateDict()
        state["patch_embed.proj.bias"] = nil
        state["pooler.dense.weight"] = SafeTensorsEntry(shape: [1], scalars: [0])
        let model = try TinyBert(seed: 5)
        let untouched = model.patch.bias?.scalars
        try model.load(from: SafeTensorsFile(tensors: state), strict: false)
        #expect(model.patch.bias?.scalars == untouched)
        #expect(model.intermediate.weight.scalars == source.intermediate.weight.scalars)
    }

    @Test func tensorsMappedOntoOneParameterAreReportedAsAmbiguous() throws {
        var state = try TinyBert().stateDict()
        state["bert.embeddings.LayerNorm.weight"] = state["embeddings.LayerNorm.weight"]
        let model = try TinyBert()
        let error = checkpointError { try model.load(from: SafeTensorsFile(tensors: state), mapping: .strippingPrefix("bert.")) }
        #expect(error == .mismatch(CheckpointMismatch(
            source: "<memory>", ambiguous: ["embeddings.LayerNorm.weight": ["bert.embeddings.LayerNorm.weight", "embeddings.LayerNorm.weight"]])))
    }

    @Test(arguments: ["f16", "bf16"])
    func halfPrecisionFilesLoadIntoFloatParametersExactly(dtype: String) throws {
        let file = try fixture("bert_like_\(dtype)")
        let expected = try fixture("bert_like_expected")
        #expect(Set(file.infos.filter { !$0.name.hasSuffix("position_ids") }.map(\.dtype)) == [dtype == "f16" ? .f16 : .bf16])
        let model = try TinyBert(seed: 6)
        try model.load(from: file, mapping: TinyBert.huggingFaceMapping)
        for (name, tensor) in model.namedParameters {
            let torchUpcast = try expected.entry(named: "\(dtype).bert.\(name)").scalars  // PyTorch's .to(float32)
            #expect(tensor.scalars.map(\.bitPattern) == torchUpcast.map(\.bitPattern), "\(dtype) \(name)")
        }
    }

    @Test func valueTransformsLoadTheTransformedValues() throws {
        let source = try TinyBert(seed: 7)
        var state = source.stateDict()
        let weight = source.intermediate.weight  // (16, 8), stored transposed as (8, 16)
        state["encoder.layer.0.intermediate.dense.weight"] = try SafeTensorsEntry(shape: [8, 16], scalars: weight.transposedLastTwo().scalars)
        let model = try TinyBert(seed: 8)
        try model.load(from: SafeTensorsFile(bytes: SafeTensorsFile.serialized(state)),
                       mapping: .transforming(["encoder.layer.0.intermediate.dense.weight": .transposed]))
        #expect(model.intermediate.weight.scalars == weight.scalars)
    }

    @Test(arguments: [false, true])
    func nonFiniteValuesAreRejectedNamingTheTensorAndIndexAndNothingChanges(transformed: Bool) throws {
        var state = try TinyBert(seed: 9).stateDict()
        var values = try #require(state["encoder.layer.0.intermediate.dense.weight"]).scalars  // (16, 8)
        values[13] = .infinity  // [1, 5]
        values[40] = .nan
        state["encoder.layer.0.intermediate.dense.weight"] = SafeTensorsEntry(shape: [16, 8], scalars: values)
        // Untransformed, the scan reads the file's bytes; through a values transform (a negation,
        // which keeps the index) the transformed values are staged and scanned.
        var mapping = CheckpointMapping.identity
        if transformed {
            mapping = .transforming(["encoder.layer.0.intermediate.dense.weight": CheckpointTransform(
                shape: { $0 }, values: { input, _, output in for i in 0..<input.count { output[i] = -input[i] } })])
        }
        let file = try SafeTensorsFile(bytes: SafeTensorsFile.serialized(state), source: "nan.safetensors")
        let model = try TinyBert(seed: 10)
        let before = bits(model)
        let error = checkpointError { try model.load(from: file, mapping: mapping) }
        #expect(error == .nonFiniteValue(
            source: "nan.safetensors", tensor: "encoder.layer.0.intermediate.dense.weight",
            parameter: "encoder.layer.0.intermediate.dense.weight", shape: [16, 8], index: 13,
            value: transformed ? -.infinity : .infinity))
        #expect(error?.description.contains("index 13 = [1, 5] of shape [16, 8]") == true)
        #expect(bits(model) == before)
    }

    @Test func nonFiniteValuesLoadWhenAllowed() throws {
        var state = try TinyBert(seed: 11).stateDict()
        state["embeddings.LayerNorm.bias"] = SafeTensorsEntry(shape: [8], scalars: [0, .nan, 0, 0, 0, 0, -.infinity, 0])
        let model = try TinyBert(seed: 12)
        try model.load(from: SafeTensorsFile(bytes: SafeTensorsFile.serialized(state)), allowNonFinite: true)
        #expect(model.norm.bias.scalars[1].isNaN && model.norm.bias.scalars[6] == -.infinity)
    }

    @Test func longListsAreCappedInTheDescription() {
        let names = (0..<25).map { "layer.\($0).weight" }
        let text = CheckpointMismatch(source: "big.safetensors", missing: names).description
        #expect(text.contains("'layer.19.weight'") && !text.contains("'layer.20.weight'"))
        #expect(text.contains("… and 5 more"))
        #expect(text.hasPrefix("checkpoint big.safetensors does not fit the module (25 missing)"))
    }
}
