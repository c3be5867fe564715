// The tiny two-block transformer of Fixtures/network/tiny_network.safetensors, composed from the
// tensor ops: logits, loss and every parameter gradient against PyTorch.
import Testing
import TinyformerTensor
import TinyformerTestSupport

@Test func tinyNetworkComposedFromOpsMatchesTorchLogitsLossAndGradients() throws {
    let f = try Fixture("network/tiny_network")
    let names = try f.metadata("parameters").split(separator: ",").map(String.init)
    var params: [String: Tensor] = [:]
    for name in names { params[name] = try f.tensor(name, requiresGrad: true) }
    func p(_ name: String) throws -> Tensor { try #require(params[name], "parameter \(name)") }

    let batch = try f.metadataInt("batch"), length = try f.metadataInt("sequence"), heads = try f.metadataInt("heads")
    let padding = try f.bools("key_padding")
    var x = try Tensor.embedding(p("embedding.weight"), indices: f.ints("tokens"), indexShape: [batch, length])
        + p("position.weight").slice(axis: 0, range: 0..<length)  // (B, T, C)
    for i in 0..<(try f.metadataInt("blocks")) {
        let b = "blocks.\(i)."
        var h = try x.layerNorm(weight: p(b + "ln1.weight"), bias: p(b + "ln1.bias"), eps: 1e-5)
        let q = try h.linear(weight: p(b + "attention.query.weight"), bias: p(b + "attention.query.bias"))
        let k = try h.linear(weight: p(b + "attention.key.weight"), bias: p(b + "attention.key.bias"))
        let v = try h.linear(weight: p(b + "attention.value.weight"), bias: p(b + "attention.value.bias"))
        let a = try Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: heads, causal: true, keyPadding: padding)
        x = try x + a.linear(weight: p(b + "attention.output.weight"), bias: p(b + "attention.output.bias"))
        h = try x.layerNorm(weight: p(b + "ln2.weight"), bias: p(b + "ln2.bias"), eps: 1e-5)
        let m = try h.linear(weight: p(b + "mlp.fc1.weight"), bias: p(b + "mlp.fc1.bias")).gelu()
        x = try x + m.linear(weight: p(b + "mlp.fc2.weight"), bias: p(b + "mlp.fc2.bias"))
    }
    x = try x.layerNorm(weight: p("ln_f.weight"), bias: p("ln_f.bias"), eps: 1e-5)
    let logits = try x.linear(weight: p("head.weight"), bias: p("head.bias"))  // (B, T, V)
    let loss = try logits.crossEntropy(targets: f.ints("targets"), ignoreIndex: -100)

    try f.expect(logits, matches: "logits")
    try f.expect(loss, matches: "loss")
    try loss.backward()
    for name in names {
        try f.expect(params[name]?.grad, matches: "grad.\(name)")
    }
}
