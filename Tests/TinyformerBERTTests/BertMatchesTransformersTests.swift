// BertModel and BertClassifier against transformers 5.24 on the tiny random fixture
// (Scripts/make_bert_fixtures.py): hidden states, pooled output, logits, loss, every gradient, and
// five AdamW steps with weight-decay groups, warmup/decay schedule and clipping.
// Shape letters: B batch, T positions, C width, K classes.
import Foundation
import Testing
import TinyformerBERT
import TinyformerIO
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

@Suite struct BertMatchesTransformersTests {
    @Test func hiddenStatesAndPooledOutputEqualBertModel() throws {
        let fixture = try TinyBert.expected()
        let (inputs, _) = try TinyBert.batch(fixture)
        let model = try BertFolder(TinyBert.folder).loadModel().model
        let output = try withNoGrad { try model.eval()(inputs) }
        try fixture.expect(output.lastHiddenState, matches: "last_hidden_state", atol: 1e-5, rtol: 1e-4)
        try fixture.expect(output.pooledOutput, matches: "pooler_output", atol: 1e-5, rtol: 1e-4)
    }

    @Test func logitsLossAndEveryGradientEqualBertForSequenceClassification() throws {
        let fixture = try TinyBert.expected()
        let (inputs, labels) = try TinyBert.batch(fixture)
        let classifier = try TinyBert.classifier()
        let loss = try classifier.loss(inputs, labels: labels)
        try fixture.expect(try classifier.eval().logits(inputs), matches: "logits", atol: 1e-5, rtol: 1e-4)
        try fixture.expect(loss, matches: "loss", atol: 1e-6, rtol: 1e-5)
        try loss.backward()
        let table = classifier.nameTable
        var checked = 0
        for (name, parameter) in classifier.namedParameters {
            let huggingFace = try #require(table.huggingFace(for: name), "no Hugging Face name for \(name)")
            // Gradients span 1e-6…1: relative 1e-4 with a floor of 1e-6 absolute.
            try fixture.expect(parameter.grad, matches: "grad.\(huggingFace)", atol: 1e-6, rtol: 1e-4)
            checked += 1
        }
        #expect(checked == fixture.tensorNames.filter { $0.hasPrefix("grad.") }.count)
    }

    @Test func thePaddingTokenEmbeddingGetsNoGradient() throws {
        let fixture = try TinyBert.expected()
        let (inputs, labels) = try TinyBert.batch(fixture)
        let classifier = try TinyBert.classifier()
        #expect(inputs.inputIDs.values.filter { $0 == 0 }.count == 6)  // padding, and once a real token
        try classifier.loss(inputs, labels: labels).backward()
        let grad = try #require(classifier.bert.embeddings.wordEmbeddings.weight.grad)
        let width = classifier.config.hiddenSize
        #expect(grad.scalars[0..<width].allSatisfy { $0 == 0 })
        #expect(grad.scalars[(17 * width)..<(18 * width)].contains { $0 != 0 })
    }

    @Test func fiveAdamWStepsWithDecayGroupsScheduleAndClippingEqualPyTorch() throws {
        let fixture = try TinyBert.expected()
        let (inputs, labels) = try TinyBert.batch(fixture)
        let classifier = try TinyBert.classifier()
        let optimizer = try Adam.adamW(groups: classifier.weightDecayGroups(weightDecay: 0.01), learningRate: 1e-3)
        let schedule = LearningRateSchedule.linearWarmupDecay(peak: 1e-3, warmupSteps: 2, totalSteps: 5)
        var losses: [Float] = [], rates: [Float] = []
        for step in 0..<5 {
            optimizer.learningRate = schedule.rate(at: step)
            optimizer.zeroGrad()
            let loss = try classifier.loss(inputs, labels: labels)
            try loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: 1)
            optimizer.step()
            losses.append(try loss.item())
            rates.append(optimizer.learningRate)
        }
        assertClose(rates, try fixture.scalars("adamw.lr"), atol: 1e-9, rtol: 1e-6, "learning rates")
        assertClose(losses, try fixture.scalars("adamw.losses"), atol: 1e-6, rtol: 1e-5, "losses")
        let table = classifier.nameTable
        for (name, parameter) in classifier.namedParameters {
            let huggingFace = try #require(table.huggingFace(for: name))
            // A key bias adds the same q·b_k to every score of a query, which softmax ignores: its
            // gradient is zero up to rounding (~1e-9), and Adam's m/√v turns that noise into steps
            // of up to ~lr. Those are only bounded by the summed rates.
            let noiseOnly = name.hasSuffix("self_attention.key.bias")
            try fixture.expect(parameter, matches: "adamw.final.\(huggingFace)",
                               atol: noiseOnly ? rates.reduce(0, +) : 1e-6, rtol: noiseOnly ? 0 : 1e-5)
        }
    }

    @Test func aBertModelFileWithoutThePrefixLoadsTheSameWeights() throws {
        let file = try SafeTensorsFile(contentsOf: TinyBert.folder.appendingPathComponent("model.safetensors"))
        var bare: [String: SafeTensorsEntry] = [:]
        for name in file.names where name.hasPrefix("bert.") { bare[String(name.dropFirst(5))] = try file.entry(named: name) }
        let config = try BertConfig.read(from: TinyBert.folder.appendingPathComponent("config.json"))
        let prefixed = try BertFolder(TinyBert.folder).loadModel().model
        let unprefixed = try BertModel(config: config, seed: 99)
        try unprefixed.load(from: SafeTensorsFile(tensors: bare), mapping: .huggingFaceBert(.model(layers: config.layers),
                                                                                           strippingPrefix: "bert."))
        for ((name, a), (_, b)) in zip(prefixed.namedParameters, unprefixed.namedParameters) {
            #expect(a.scalars == b.scalars, "\(name)")
        }
    }
}
