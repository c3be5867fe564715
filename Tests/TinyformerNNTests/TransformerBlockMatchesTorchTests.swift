// TransformerBlock and TransformerStack against plain-PyTorch twins (Scripts/make_block_fixtures.py):
// output, input gradients and every parameter gradient, for each normalisation placement,
// activation, causal and padding masks, and cross-attention.
// Shape letters: B batch, T positions, S encoder positions, C width.
import Foundation
import Testing
import TinyformerIO
import TinyformerNN
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

@Suite struct TransformerBlockMatchesTorchTests {
    static let blockCases = ["block_course", "block_gpt2", "block_bert", "block_clip", "block_decoder_cross"]
    static let stackCases = ["stack_bert", "stack_clip"]

    /// The fixture's parameters (`param.<name>`) as a file the module can load.
    static func parameters(_ fixture: Fixture) throws -> SafeTensorsFile {
        var tensors: [String: SafeTensorsEntry] = [:]
        for name in fixture.tensorNames where name.hasPrefix("param.") {
            tensors[String(name.dropFirst(6))] = try fixture.file.tensor(named: name)
        }
        return SafeTensorsFile(tensors: tensors, source: fixture.name)
    }

    static func config(_ fixture: Fixture) throws -> TransformerBlockConfig {
        try JSONDecoder().decode(TransformerBlockConfig.self, from: Data(try fixture.metadata("config").utf8))
    }

    /// Runs `forward` on the fixture's inputs and compares output and gradients.
    static func check(_ fixture: Fixture, module: any Module,
                      forward: (_ x: Tensor, _ memory: Tensor, _ padding: [Bool]?, _ crossPadding: [Bool]?) throws -> Tensor) throws {
        try module.load(from: parameters(fixture))
        let x = try fixture.tensor("input.x", requiresGrad: true)  // (B, T, C)
        let memory = try fixture.tensor("input.memory", requiresGrad: true)  // (B, S, C)
        let padded = try fixture.metadataBool("padded")
        let out = try forward(x, memory, padded ? try fixture.bools("input.key_padding") : nil,
                              padded ? try fixture.bools("input.cross_key_padding") : nil)  // (B, T, C)
        try out.backward(gradient: fixture.tensor("upstream"))
        try fixture.expect(out, matches: "output", atol: 1e-5, rtol: 1e-4)
        try fixture.expect(x.grad, matches: "grad.x", atol: 1e-5, rtol: 1e-4)
        if fixture.has("grad.memory") { try fixture.expect(memory.grad, matches: "grad.memory", atol: 1e-5, rtol: 1e-4) }
        for (name, parameter) in module.namedParameters {
            try fixture.expect(parameter.grad, matches: "grad.param.\(name)", atol: 1e-5, rtol: 1e-4)
        }
        #expect(module.namedParameters.count == fixture.tensorNames.filter { $0.hasPrefix("param.") }.count)
    }

    @Test(arguments: blockCases)
    func blockMatchesItsPyTorchTwin(name: String) throws {
        let fixture = try Fixture("blocks/\(name)")
        var generator = SeededGenerator(seed: 1)
        let block = try TransformerBlock(config: Self.config(fixture), using: &generator)
        try Self.check(fixture, module: block) { x, memory, padding, crossPadding in
            let cross = try block.crossAttention.map { try $0.crossKeysValues(memory) }
            return try block(x, cross: cross, keyPadding: padding, crossKeyPadding: crossPadding).x
        }
    }

    @Test(arguments: stackCases)
    func stackMatchesItsPyTorchTwin(name: String) throws {
        let fixture = try Fixture("blocks/\(name)")
        var generator = SeededGenerator(seed: 1)
        let stack = try TransformerStack(config: Self.config(fixture), layers: fixture.metadataInt("layers"),
                                         finalNorm: fixture.metadataBool("final_norm"), using: &generator)
        try Self.check(fixture, module: stack) { x, _, padding, _ in try stack(x, keyPadding: padding).x }
    }

    /// Decoding one position at a time through the cache gives the rows of the full causal pass.
    @Test func cachedDecodingEqualsTheFullCausalPass() throws {
        let fixture = try Fixture("blocks/block_clip")
        var generator = SeededGenerator(seed: 1)
        let stack = try TransformerStack(config: Self.config(fixture), layers: 2, finalNorm: true, using: &generator)
        let x = try fixture.tensor("input.x")  // (B, T, C)
        let (b, t, c) = (x.shape[0], x.shape[1], x.shape[2])
        try withNoGrad {
            let full = try stack(x).x
            let caches = stack.makeCaches()
            var rows: [Tensor] = [try stack(x.slice(axis: 1, range: 0..<2), caches: caches).x]  // the prompt: 2 positions
            for p in 2..<t { rows.append(try stack(x.slice(axis: 1, range: p..<(p + 1)), caches: caches).x) }
            let stepped = try Tensor.concat(rows, axis: 1)  // (B, T, C)
            #expect(stepped.shape == [b, t, c])
            assertClose(stepped.scalars, full.scalars, atol: 1e-5, rtol: 1e-5, "cached decoding")
        }
    }

    @Test func invalidBlockConfigurationsAreRejectedByName() {
        var generator = SeededGenerator(seed: 1)
        for config in [TransformerBlockConfig(width: 6, heads: 4), TransformerBlockConfig(width: 0),
                       TransformerBlockConfig(width: 4, residualDropout: 1), TransformerBlockConfig(width: 4, layerNormEpsilon: .nan),
                       TransformerBlockConfig(width: 4, mlpWidth: 0)] {
            #expect(throws: ModuleError.self) { try TransformerBlock(config: config, using: &generator) }
        }
    }

    @Test func crossAttentionInputsMustMatchTheBlock() throws {
        var generator = SeededGenerator(seed: 1)
        let decoder = try TransformerBlock(config: TransformerBlockConfig(width: 4, causal: true, crossAttention: true), using: &generator)
        let encoder = try TransformerBlock(config: TransformerBlockConfig(width: 4), using: &generator)
        let x = try Tensor.zeros([1, 2, 4])
        #expect(throws: ModuleError.self) { try decoder(x) }
        let memory = try decoder.crossAttention!.crossKeysValues(x)
        #expect(throws: ModuleError.self) { try encoder(x, cross: memory) }
    }

    @Test func blockConfigsRoundTripThroughJSON() throws {
        for config in [TransformerBlockConfig(width: 8), .gpt2(width: 16, heads: 2), .bert(width: 8, heads: 2, intermediateWidth: 32),
                       .clip(width: 8, heads: 2, intermediateWidth: 32, causal: true)] {
            let data = try JSONEncoder().encode(config)
            #expect(try JSONDecoder().decode(TransformerBlockConfig.self, from: data) == config)
        }
        let minimal = try JSONDecoder().decode(TransformerBlockConfig.self, from: Data(#"{"width": 8}"#.utf8))
        #expect(minimal == TransformerBlockConfig(width: 8))
    }
}
