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
        #expect(throws: ModuleError.checkpoint(.mismatch(CheckpointMismatch(source: url.path, missing: ["head.bias"])))) {
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
        let mismatch = ShapeMismatch(parameter: "head.bias", tensor: "head.bias", expected: [11], stored: [12], found: [12])
        #expect(throws: ModuleError.checkpoint(.mismatch(CheckpointMismatch(source: url.path, misshaped: [mismatch])))) {
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
        #expect(throws: ModuleError.checkpoint(.mismatch(CheckpointMismatch(source: url.path, unexpected: ["decoder.extra"])))) {
            try TinyNetwork().load(contentsOf: url)
        }
        try TinyNetwork().load(contentsOf: url, strict: false)
    }

    /// Trains the tiny network for `steps` Adam steps on a fixed batch.
    private func train(_ network: TinyNetwork, _ optimizer: Optimizer, steps: Int) throws {
        let tokens = (0..<18).map { ($0 * 7) % 11 }, targets = (0..<18).map { ($0 * 3 + 1) % 11 }
        for _ in 0..<steps {
            optimizer.zeroGrad()
            try network(tokens: tokens, batch: 3, length: 6, keyPadding: nil).crossEntropy(targets: targets).backward()
            optimizer.step()
        }
    }

    @Test(arguments: ["adam", "sgd"])
    func resumingFromSavedOptimizerStateMatchesAnUninterruptedRun(optimizerName: String) throws {
        func makeOptimizer(_ network: TinyNetwork) throws -> Optimizer {
            optimizerName == "adam"
                ? try Adam(parameters: network.parameters, learningRate: 1e-2)
                : try SGD(parameters: network.parameters, learningRate: 0.1, momentum: 0.9)
        }
        let straight = try TinyNetwork(seed: 4)
        try train(straight, makeOptimizer(straight), steps: 10)

        let first = try TinyNetwork(seed: 4)
        let firstOptimizer = try makeOptimizer(first)
        try train(first, firstOptimizer, steps: 5)
        let weights = first.stateDict(), state = firstOptimizer.stateEntries()

        let resumed = try TinyNetwork(seed: 99)
        try resumed.load(from: SafeTensorsFile(tensors: weights))
        let resumedOptimizer = try makeOptimizer(resumed)
        try resumedOptimizer.loadState(state, source: "memory")
        try train(resumed, resumedOptimizer, steps: 5)
        #expect(resumed.stateDict() == straight.stateDict())
    }

    @Test func optimizerStateOfTheWrongShapeIsRejected() throws {
        let network = try TinyNetwork()
        let optimizer = try Adam(parameters: network.parameters)
        try train(network, optimizer, steps: 1)
        var state = optimizer.stateEntries()
        state["state.0.exp_avg"] = SafeTensorsEntry(shape: [2], scalars: [0, 0])
        #expect(throws: ModuleError.self) { try Adam(parameters: network.parameters).loadState(state, source: "x") }
    }
}
