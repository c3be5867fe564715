// Inputs that do not fit the model are typed errors naming the argument, never traps.
import Testing
import TinyformerCLIP
import TinyformerRandom
import TinyformerTensor

@Suite struct ClipInputValidationTests {
    static func model() throws -> ClipModel {
        var g = SeededGenerator(seed: 3)
        return try ClipModel(config: smallConfig(), using: &g)
    }

    static func failsNaming(_ what: String, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard case let ClipError.invalidInput(name, _) = error else { return false }
            return name == what
        }
    }

    @Test func idOutsideTheVocabularyIsRejected() throws {
        let model = try Self.model()
        Self.failsNaming("input_ids") { _ = try model.textFeatures(try IntTensor([[38, 40, 39]])) }
        Self.failsNaming("input_ids") { _ = try model.textFeatures(try IntTensor([[-1, 39]])) }
    }

    @Test func rowLongerThanTheContextIsRejected() throws {
        let model = try Self.model()
        Self.failsNaming("input_ids") { _ = try model.textFeatures(try IntTensor([[Int](repeating: 1, count: 9)])) }
    }

    @Test func maskOfAnotherShapeOrValueIsRejected() throws {
        let model = try Self.model()
        let ids = try IntTensor([[38, 4, 39]])
        Self.failsNaming("attention_mask") { _ = try model.textFeatures(ids, attentionMask: try IntTensor([[1, 1]])) }
        Self.failsNaming("attention_mask") { _ = try model.textFeatures(ids, attentionMask: try IntTensor([[1, 2, 1]])) }
    }

    @Test func pixelsOfTheWrongSizeAreRejected() throws {
        let model = try Self.model()
        Self.failsNaming("pixel_values") { _ = try model.imageFeatures(try Tensor.zeros([1, 3, 15, 15])) }
        Self.failsNaming("pixel_values") { _ = try model.imageFeatures(try Tensor.zeros([3, 16, 16])) }
        Self.failsNaming("pixel_values") { _ = try model.imageFeatures(try Tensor.zeros([0, 3, 16, 16])) }
    }

    @Test func contrastiveLossNeedsASquareMatrix() throws {
        Self.failsNaming("contrastive loss") { _ = try ClipModel.contrastiveLoss(try Tensor.zeros([2, 3])) }
    }

    @Test func patchesDropPixelsPastTheLastWholePatchLikeTheConvolution() throws {
        let pixels = try Tensor(shape: [1, 1, 5, 5], scalars: (0..<25).map(Float.init))
        let patches = try ClipVisionTransformer.patches(pixels, side: 2)  // (1, 4, 4)
        #expect(patches.shape == [1, 4, 4])
        #expect(patches.scalars == [0, 1, 5, 6, 2, 3, 7, 8, 10, 11, 15, 16, 12, 13, 17, 18])
    }
}
