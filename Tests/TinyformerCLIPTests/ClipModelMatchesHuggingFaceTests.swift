// ClipModel against transformers' CLIPModel (Scripts/make_clip_model_fixtures.py): the saved
// Hugging Face folders load through the name table, and features, normalised embeddings, logits,
// the contrastive loss and every parameter's gradient match.
// Shape letters: B batch, T tokens, P projection width.
import Foundation
import Testing
import TinyformerCLIP
import TinyformerIO
import TinyformerTensor
import TinyformerTestSupport

@Suite struct ClipModelMatchesHuggingFaceTests {
    struct Run {
        let model: ClipModel
        let fixture: Fixture
        let ids: IntTensor
        let mask: IntTensor
        let output: ClipOutput
        let loss: Tensor
    }

    /// Loads the case's folder and runs the fixture's batch with the loss and its backward pass.
    static func run(_ name: String) throws -> Run {
        let model = try ClipModel.load(directory: ClipFixtures.folder(name))
        let fixture = try ClipFixtures.expected(name)
        let ids = try ClipFixtures.ints(fixture, "input_ids"), mask = try ClipFixtures.ints(fixture, "attention_mask")
        let output = try model(inputIDs: ids, attentionMask: mask, pixelValues: fixture.tensor("pixel_values"))
        let loss = try ClipModel.contrastiveLoss(output.logitsPerText)
        try loss.backward()
        return Run(model: model, fixture: fixture, ids: ids, mask: mask, output: output, loss: loss)
    }

    @Test(arguments: ClipFixtures.cases)
    func featuresMatchGetImageAndTextFeatures(name: String) throws {
        let fixture = try ClipFixtures.expected(name)
        let model = try ClipModel.load(directory: ClipFixtures.folder(name))
        let image = try model.imageFeatures(fixture.tensor("pixel_values"))  // (B, P)
        let text = try model.textFeatures(ClipFixtures.ints(fixture, "input_ids"),
                                          attentionMask: ClipFixtures.ints(fixture, "attention_mask"))  // (B, P)
        try fixture.expect(image, matches: "image_features", atol: 1e-5, rtol: 1e-4)
        try fixture.expect(text, matches: "text_features", atol: 1e-5, rtol: 1e-4)
    }

    @Test(arguments: ClipFixtures.cases)
    func embeddingsLogitsAndLossMatchCLIPModel(name: String) throws {
        let run = try Self.run(name)
        try run.fixture.expect(run.output.imageEmbeds, matches: "image_embeds", atol: 1e-6, rtol: 1e-4)
        try run.fixture.expect(run.output.textEmbeds, matches: "text_embeds", atol: 1e-6, rtol: 1e-4)
        try run.fixture.expect(run.output.logitsPerImage, matches: "logits_per_image", atol: 1e-5, rtol: 1e-4)
        try run.fixture.expect(run.loss, matches: "loss", atol: 1e-6, rtol: 1e-4)
    }

    @Test(arguments: ClipFixtures.cases)
    func everyParameterGradientMatches(name: String) throws {
        let run = try Self.run(name)
        var checked = 0
        for (ours, parameter) in run.model.namedParameters {
            let key = "grad.\(ClipNameTable.huggingFaceName(ours))"
            // The patch embedding is a (C, K·p·p) linear weight here and a (C, K, p, p) convolution there.
            let gradient = try parameter.grad?.reshaped(try run.fixture.shape(key))
            try run.fixture.expect(gradient, matches: key, atol: 1e-6, rtol: 1e-4)
            checked += 1
        }
        #expect(checked == run.fixture.tensorNames.filter { $0.hasPrefix("grad.") }.count)
    }

    @Test(arguments: ClipFixtures.cases)
    func textPoolingPicksTheSamePositionsAsHuggingFace(name: String) throws {
        let fixture = try ClipFixtures.expected(name)
        let model = try ClipModel.load(directory: ClipFixtures.folder(name))
        let ids = try ClipFixtures.ints(fixture, "input_ids")
        let positions = model.config.textConfig.pooling.positions(rows: ids.shape[0], length: ids.shape[1], ids: ids.values)
        #expect(positions == (try fixture.ints("pooled_positions")))
    }

    @Test func legacyAndEndTokenRulesDifferOnTheLegacyFixture() throws {
        let fixture = try ClipFixtures.expected("tiny_legacy")
        let ids = try ClipFixtures.ints(fixture, "input_ids")
        let legacy = TextPooling.legacyArgmax.positions(rows: ids.shape[0], length: ids.shape[1], ids: ids.values)
        let endToken = TextPooling.firstEndToken(2).positions(rows: ids.shape[0], length: ids.shape[1], ids: ids.values)
        #expect(legacy != endToken)
    }

    @Test(arguments: ClipFixtures.cases)
    func nonSquareLogitsMatch(name: String) throws {
        let fixture = try ClipFixtures.expected(name)
        let model = try ClipModel.load(directory: ClipFixtures.folder(name))
        let output = try model(inputIDs: ClipFixtures.ints(fixture, "input_ids"), attentionMask: ClipFixtures.ints(fixture, "attention_mask"),
                               pixelValues: fixture.tensor("extra.pixel_values"))
        try fixture.expect(output.logitsPerImage, matches: "extra.logits_per_image", atol: 1e-5, rtol: 1e-4)
        #expect(output.logitsPerText.shape == [output.logitsPerImage.shape[1], output.logitsPerImage.shape[0]])
    }
}
