// CheckpointMapping and CheckpointTransform on their own: names, shapes and values, no file.
import Testing
@testable import TinyformerNN

@Suite struct CheckpointMappingTests {
    /// The parameter name a mapping sends `name` to (nil: skipped).
    private func target(_ mapping: CheckpointMapping, _ name: String) -> String? {
        mapping.resolve(name)?.parameter
    }

    /// Runs `transform` on `values` of `shape` through a one-tensor mapping, as loading does.
    private func run(_ transform: CheckpointTransform, _ values: [Float], shape: [Int]) -> (shape: [Int], values: [Float])? {
        guard let shapes = transform.shapes(from: shape) else { return nil }
        return (shapes.last ?? [], transform.apply(values, shapes: shapes))
    }

    @Test func identityKeepsEveryNameAndTransformsNothing() {
        #expect(target(.identity, "bert.pooler.dense.weight") == "bert.pooler.dense.weight")
        #expect(CheckpointMapping.identity.resolve("x")?.transform == nil)
    }

    @Test func strippingPrefixRemovesItOnlyWhenPresent() {
        let mapping = CheckpointMapping.strippingPrefix("bert.")
        #expect(target(mapping, "bert.embeddings.word_embeddings.weight") == "embeddings.word_embeddings.weight")
        #expect(target(mapping, "cls.predictions.bias") == "cls.predictions.bias")
        #expect(target(mapping, "xbert.a") == "xbert.a")
    }

    @Test func addingPrefixPutsItInFrontOfEveryName() {
        #expect(target(.addingPrefix("encoder."), "layers.0.weight") == "encoder.layers.0.weight")
    }

    @Test func renamingMapsListedNamesAndPassesTheRest() {
        let mapping = CheckpointMapping.renaming(["gamma": "weight", "beta": "bias"])
        #expect(target(mapping, "gamma") == "weight")
        #expect(target(mapping, "beta") == "bias")
        #expect(target(mapping, "other") == "other")
    }

    @Test func skippingByNameOrPredicateDropsTheTensor() {
        #expect(target(.skipping(["a", "b"]), "a") == nil)
        #expect(target(.skipping(["a", "b"]), "c") == "c")
        let buffers = CheckpointMapping.skipping { $0.hasSuffix("position_ids") }
        #expect(target(buffers, "embeddings.position_ids") == nil)
        #expect(target(buffers, "embeddings.weight") == "embeddings.weight")
    }

    @Test func thenAppliesStagesInOrderOnTheNamesEachProduces() {
        let mapping = CheckpointMapping.strippingPrefix("bert.")
            .then(.skipping(["embeddings.position_ids"]))
            .then(.renaming(["embeddings.LayerNorm.weight": "embeddings.norm.weight"]))
            .then(.addingPrefix("model."))
        #expect(target(mapping, "bert.embeddings.LayerNorm.weight") == "model.embeddings.norm.weight")
        #expect(target(mapping, "bert.embeddings.position_ids") == nil)
        #expect(target(mapping, "bert.x") == "model.x")
        // A tensor the first stage skips never reaches the next.
        #expect(target(CheckpointMapping.skipping(["a"]).then(.renaming(["a": "b"])), "a") == nil)
    }

    @Test func transformIsChosenByTheNameArrivingAtItsStage() {
        let mapping = CheckpointMapping.strippingPrefix("bert.")
            .then(.transforming(["patch.weight": .flattened(fromAxis: 1)]))
        #expect(mapping.resolve("bert.patch.weight")?.transform != nil)
        #expect(mapping.resolve("bert.patch.bias")?.transform == nil)
        let byPredicate = CheckpointMapping.transforming(where: { $0.hasSuffix(".weight") }, with: .transposed)
        #expect(byPredicate.resolve("a.weight")?.transform != nil && byPredicate.resolve("a.bias")?.transform == nil)
    }

    @Test func flattenedTurnsAConvolutionWeightIntoALinearOneWithoutReordering() throws {
        let values = (0..<32).map(Float.init)  // (O=4, C=2, kh=2, kw=2)
        let result = try #require(run(.flattened(fromAxis: 1), values, shape: [4, 2, 2, 2]))
        #expect(result.shape == [4, 8])
        #expect(result.values == values)
        #expect(CheckpointTransform.flattened(fromAxis: 1).isReshapeOnly)
        #expect(run(.flattened(fromAxis: 1), [1, 2], shape: [2]) == nil)  // rank 1 has nothing to flatten
    }

    @Test func reshapedRequiresTheSameElementCount() {
        #expect(run(.reshaped(to: [3, 2]), [1, 2, 3, 4, 5, 6], shape: [6])?.shape == [3, 2])
        #expect(run(.reshaped(to: [4, 2]), [1, 2, 3, 4, 5, 6], shape: [6]) == nil)
        #expect(run(.reshaped(to: [-1, -6]), [1, 2, 3, 4, 5, 6], shape: [6]) == nil)
    }

    @Test func transposedSwapsTheDimensionsOfAMatrix() throws {
        let result = try #require(run(.transposed, [1, 2, 3, 4, 5, 6], shape: [2, 3]))  // [[1,2,3],[4,5,6]]
        #expect(result.shape == [3, 2])
        #expect(result.values == [1, 4, 2, 5, 3, 6])
        #expect(run(.transposed, [1, 2], shape: [2]) == nil)
    }

    @Test func composedTransformsRunInOrder() throws {
        // (2, 1, 3) → flatten → (2, 3) → transpose → (3, 2); then a custom negation.
        let negate = CheckpointTransform(shape: { $0 }, values: { input, _, output in
            for i in 0..<input.count { output[i] = -input[i] }
        })
        let transform = CheckpointTransform.flattened(fromAxis: 1).then(.transposed).then(negate)
        let result = try #require(run(transform, [1, 2, 3, 4, 5, 6], shape: [2, 1, 3]))
        #expect(result.shape == [3, 2])
        #expect(result.values == [-1, -4, -2, -5, -3, -6])
        // Through a composed mapping, too: the first stage's transform runs first.
        let mapping = CheckpointMapping.transforming(["w": .flattened(fromAxis: 1)])
            .then(.renaming(["w": "v"])).then(.transforming(["v": .transposed]))
        let resolved = try #require(mapping.resolve("w"))
        #expect(resolved.parameter == "v")
        let viaMapping = try #require(resolved.transform.flatMap { run($0, [1, 2, 3, 4, 5, 6], shape: [2, 1, 3]) })
        #expect(viaMapping.shape == [3, 2] && viaMapping.values == [1, 4, 2, 5, 3, 6])
    }
}
