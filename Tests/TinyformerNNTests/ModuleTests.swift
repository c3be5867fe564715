// What every module derives from its one `members` list: unique dotted names, replicas that share
// storage but not tensors, modes, freezing — checked over every layer type of the library.
import Testing
import TinyformerBERT
import TinyformerCLIP
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

/// A two-layer BERT small enough for module checks.
let tinyBertConfig = BertConfig(vocabularySize: 11, hiddenSize: 8, layers: 2, heads: 2, intermediateSize: 16, maxPositions: 6)

/// One instance of every module type (and of the configurations that add or remove members).
func everyLayer() throws -> [(label: String, module: any Module)] {
    var g = SeededGenerator(seed: 11)
    let clipConfig = ClipConfig(
        textConfig: ClipTextConfig(vocabSize: 9, hiddenSize: 4, intermediateSize: 8, numHiddenLayers: 2, numAttentionHeads: 2,
                                   maxPositionEmbeddings: 5, eosTokenID: 8),
        visionConfig: ClipVisionConfig(hiddenSize: 4, intermediateSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, imageSize: 4,
                                       patchSize: 2),
        projectionDim: 3)
    return [
        ("Linear", try Linear(inputWidth: 4, outputWidth: 3, using: &g)),
        ("Linear without bias", try Linear(inputWidth: 4, outputWidth: 3, bias: false, using: &g)),
        ("Embedding", try Embedding(count: 7, width: 4, using: &g)),
        ("LayerNorm", try LayerNorm(width: 4)),
        ("Dropout", try Dropout(probability: 0.1)),
        ("SinusoidalPositionalEncoding", try SinusoidalPositionalEncoding(maxLength: 8, width: 4)),
        ("LearnedPositionalEmbedding", try LearnedPositionalEmbedding(maxLength: 8, width: 4, using: &g)),
        ("MultiHeadAttention", try MultiHeadAttention(width: 4, heads: 2, using: &g)),
        ("MultiHeadAttention with output", try MultiHeadAttention(width: 4, heads: 2, outputProjection: true, using: &g)),
        ("FeedForward (course)", try FeedForward(width: 4, hiddenWidth: nil, activation: .relu, using: &g)),
        ("FeedForward", try FeedForward(width: 4, hiddenWidth: 8, activation: .gelu, using: &g)),
        ("TransformerBlock (course)", try TransformerBlock(config: TransformerBlockConfig(width: 4), using: &g)),
        ("TransformerBlock (pre-LN, cross)", try TransformerBlock(
            config: TransformerBlockConfig(width: 4, heads: 2, mlpWidth: 8, activation: .geluTanh, normalization: .preLayerNorm,
                                           attentionOutputProjection: true, causal: true, crossAttention: true), using: &g)),
        ("TransformerBlock (BERT)", try TransformerBlock(config: .bert(width: 4, heads: 2, intermediateWidth: 8), using: &g)),
        ("TransformerStack", try TransformerStack(config: .clip(width: 4, heads: 2, intermediateWidth: 8, causal: true), layers: 2,
                                                  finalNorm: true, using: &g)),
        ("TinyNetwork (a user's module)", try TinyNetwork()),
        ("Embedding with padding index", try Embedding(count: 7, width: 4, paddingIndex: 0, using: &g)),
        ("BertEmbeddings", try BertEmbeddings(config: tinyBertConfig, using: &g)),
        ("BertPooler", try BertPooler(width: 8, using: &g)),
        ("BertModel", try BertModel(config: tinyBertConfig)),
        ("BertModel without pooler", try BertModel(config: tinyBertConfig, pooler: false)),
        ("BertClassifier", try BertClassifier(config: tinyBertConfig, labels: ["a", "b", "c"])),
        ("BertClassifier on [CLS]", try BertClassifier(config: tinyBertConfig, labels: ["a", "b"], pooling: .cls)),
        ("ClipTextTransformer", try ClipTextTransformer(config: clipConfig.textConfig, using: &g)),
        ("ClipVisionTransformer", try ClipVisionTransformer(config: clipConfig.visionConfig, using: &g)),
        ("ClipModel", try ClipModel(config: clipConfig, using: &g)),
    ]
}

@Suite struct ModuleTests {
    @Test(arguments: try everyLayer().map(\.label))
    func aReplicaSharesStorageButHoldsDistinctTensors(layer: String) throws {
        let module = try #require(try everyLayer().first { $0.label == layer }).module
        let replica = module.replica()
        #expect(type(of: replica) == type(of: module))
        #expect(replica.namedParameters.map(\.name) == module.namedParameters.map(\.name))
        for ((name, original), (_, copy)) in zip(module.namedParameters, replica.namedParameters) {
            #expect(original !== copy, "\(layer): \(name) is the same tensor in the replica")
            #expect(original.data == copy.data, "\(layer): \(name) does not share storage")
            #expect(original.shape == copy.shape)
        }
        for ((name, original), (_, copy)) in zip(module.namedModules.dropFirst(), replica.namedModules.dropFirst()) {
            #expect(original !== copy, "\(layer): submodule \(name) is shared with the replica")
        }
    }

    @Test(arguments: try everyLayer().map(\.label))
    func parameterNamesAreUniqueAndListEveryParameter(layer: String) throws {
        let module = try #require(try everyLayer().first { $0.label == layer }).module
        let names = module.namedParameters.map(\.name)
        #expect(Set(names).count == names.count)
        try module.validateMembers()
        #expect(module.parameterCount == module.parameters.reduce(0) { $0 + $1.count })
        #expect(Set(module.parameters.map(ObjectIdentifier.init)).count == names.count)
    }

    /// The library derives everything from `members` without reflection; this test uses Mirror as
    /// an independent oracle: every stored tensor that requires grad and every stored module must
    /// be listed, or replicas would share it (and two threads would write one gradient buffer).
    @Test(arguments: try everyLayer().map(\.label))
    func everyStoredParameterAndModuleIsAMember(layer: String) throws {
        let module = try #require(try everyLayer().first { $0.label == layer }).module
        for (_, node) in module.namedModules {
            let listedTensors = Set(node.ownParameters.map { ObjectIdentifier($0.tensor) })
            let listedModules = Set(node.children.map { ObjectIdentifier($0.module) })
            for child in Mirror(reflecting: node).children {
                for value in flattened(child.value) {
                    if let tensor = value as? Tensor, tensor.requiresGrad {
                        #expect(listedTensors.contains(ObjectIdentifier(tensor)), "\(type(of: node)).\(child.label ?? "?") is not listed")
                    }
                    if let submodule = value as? any Module {
                        #expect(listedModules.contains(ObjectIdentifier(submodule)), "\(type(of: node)).\(child.label ?? "?") is not listed")
                    }
                }
            }
        }
    }

    @Test func childrenAndOwnParametersSplitTheTree() throws {
        var g = SeededGenerator(seed: 1)
        let block = try TransformerBlock(config: .bert(width: 4, heads: 2, intermediateWidth: 8), using: &g)
        #expect(block.ownParameters.isEmpty)
        #expect(block.children.map(\.name) == ["self_attention_norm", "self_attention", "mlp_norm", "mlp", "residual_dropout"])
        let stack = try TransformerStack(config: TransformerBlockConfig(width: 4), layers: 3, using: &g)
        #expect(stack.children.map(\.name) == ["layers.0", "layers.1", "layers.2"])
        #expect(stack.namedModules.map(\.name).contains("layers.2.mlp.fc"))
        let linear = try Linear(inputWidth: 2, outputWidth: 2, using: &g)
        #expect(linear.ownParameters.map(\.name) == ["weight", "bias"] && linear.children.isEmpty)
    }

    @Test func trainAndEvalSetEveryModule() throws {
        let network = try TinyNetwork()
        #expect(network.namedModules.allSatisfy { $0.module.isTraining })
        network.eval()
        #expect(network.namedModules.allSatisfy { !$0.module.isTraining })
        network.blocks[1].train()
        #expect(network.blocks[1].attention.isTraining && !network.blocks[0].attention.isTraining)
    }

    @Test func dropoutActsOnlyInTrainingMode() throws {
        let dropout = try Dropout(probability: 0.5, seed: 3)
        let x = try Tensor.full([64], value: 1)
        #expect(try dropout(x).scalars != x.scalars)
        dropout.eval()
        #expect(try dropout(x) === x)
    }

    @Test func seedDropoutGivesEveryDropoutItsOwnReproducibleStream() throws {
        var g = SeededGenerator(seed: 2)
        let config = TransformerBlockConfig(width: 4, residualDropout: 0.5)
        let a = try TransformerStack(config: config, layers: 2, using: &g), b = a.replica()
        a.seedDropout(9)
        b.seedDropout(9)
        let x = try Tensor.full([1, 3, 4], value: 1)
        #expect(try a(x).x.scalars == b(x).x.scalars)
        var first = a.layers[0].residualDropout.generator, second = a.layers[1].residualDropout.generator
        #expect(first.next() != second.next())
    }

    @Test func aFrozenModuleGetsNoGradientsAndNoOptimizerState() throws {
        let network = try TinyNetwork(seed: 3)
        network.blocks[0].freeze()
        #expect(network.blocks[0].isFrozen && !network.isFrozen)
        let optimizer = try Adam(parameters: network.trainableParameters, learningRate: 1e-2)
        #expect(optimizer.parameters.count == network.parameters.count - network.blocks[0].parameters.count)
        let frozenBefore = network.blocks[0].parameters.map(\.scalars)
        let logits = try network(tokens: [1, 2, 3, 4], batch: 1, length: 4, keyPadding: nil)
        try logits.crossEntropy(targets: [2, 3, 4, 5]).backward()
        #expect(network.blocks[0].parameters.allSatisfy { $0.grad == nil })
        #expect(network.blocks[1].parameters.allSatisfy { $0.grad != nil })
        optimizer.step()
        #expect(network.blocks[0].parameters.map(\.scalars) == frozenBefore)
        let state = optimizer.stateEntries()
        #expect(state.count == 2 * optimizer.parameters.count + 1)  // exp_avg and exp_avg_sq of trainable ones, and the step
        network.blocks[0].unfreeze()
        #expect(!network.blocks[0].isFrozen)
    }

    @Test func aFullyFrozenModelRecordsNoGraph() throws {
        let network = try TinyNetwork(seed: 4).freeze()
        let logits = try network(tokens: [1, 2, 3], batch: 1, length: 3, keyPadding: nil)
        #expect(!logits.requiresGrad)
    }

    @Test func weightDecayGroupsExemptBiasesAndLayerNorms() throws {
        let network = try TinyNetwork(seed: 5)
        let groups = network.weightDecayGroups(weightDecay: 0.01)
        let names = Dictionary(uniqueKeysWithValues: network.namedParameters.map { (ObjectIdentifier($0.tensor), $0.name) })
        let decayed = groups[0].parameters.compactMap { names[ObjectIdentifier($0)] }
        let exempt = groups[1].parameters.compactMap { names[ObjectIdentifier($0)] }
        #expect(groups[0].weightDecay == 0.01 && groups[1].weightDecay == 0)
        #expect(decayed.contains("blocks.0.attention.query.weight") && decayed.contains("embedding.weight"))
        #expect(exempt.contains("blocks.0.ln1.weight") && exempt.contains("ln_f.bias") && exempt.contains("head.bias"))
        #expect(!decayed.contains { $0.hasSuffix(".bias") || $0.contains("ln") })
        #expect(decayed.count + exempt.count == network.parameters.count)
    }
}

/// A stored value as a list: arrays and optionals unwrapped.
private func flattened(_ value: Any) -> [Any] {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional: return mirror.children.first.map { flattened($0.value) } ?? []
    case .collection: return mirror.children.flatMap { flattened($0.value) }
    default: return [value]
    }
}
