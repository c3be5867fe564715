import Foundation
import Testing
import TinyformerIO
import TinyformerNN
import TinyformerTensor

@Suite struct CheckpointTests {
    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tinyformer-\(UUID().uuidString).safetensors")
    }

    @Test func savedParametersLoadIntoAFreshModelExactly() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try TinyNetwork(seed: 1)
        try original.save(to: url, metadata: ["note": "test"])
        let restored = try TinyNetwork(seed: 2)
        try restored.load(contentsOf: url)
        #expect(restored.stateDict() == original.stateDict())
        #expect(try SafeTensorsFile(contentsOf: url).metadata["note"] == "test")
    }

    @Test func loadingAFileWithAMissingParameterThrowsNamingIt() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var state = try TinyNetwork().stateDict()
        state["head.bias"] = nil
        try SafeTensorsFile.write(state, to: url)
        #expect(throws: ModuleError.missingParameter(name: "head.bias", source: url.path)) {
            try TinyNetwork().load(contentsOf: url)
        }
    }

    @Test func loadingAWronglyShapedParameterThrowsAndChangesNothing() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var state = try TinyNetwork(seed: 5).stateDict()
        state["head.bias"] = SafeTensorsEntry(shape: [12], scalars: Array(repeating: 0, count: 12))
        try SafeTensorsFile.write(state, to: url)
        let model = try TinyNetwork(seed: 6)
        let before = model.stateDict()
        #expect(throws: ModuleError.parameterShape(name: "head.bias", expected: [11], found: [12], source: url.path)) {
            try model.load(contentsOf: url)
        }
        #expect(model.stateDict() == before)
    }

    @Test func strictLoadingRejectsUnknownTensors() throws {
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        var state = try TinyNetwork().stateDict()
        state["decoder.extra"] = SafeTensorsEntry(shape: [1], scalars: [0])
        try SafeTensorsFile.write(state, to: url)
        #expect(throws: ModuleError.unexpectedParameter(name: "decoder.extra", source: url.path)) {
            try TinyNetwork().load(contentsOf: url)
        }
        try TinyNetwork().load(contentsOf: url, strict: false)
    }
}
