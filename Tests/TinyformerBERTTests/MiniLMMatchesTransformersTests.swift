// all-MiniLM-L6-v2 (a real pretrained BERT) against transformers on 50 sentences: tokenizer ids,
// last_hidden_state and pooler_output (Fixtures/bert/minilm_expected.safetensors). Skips when the
// checkpoint has not been fetched (Scripts/fetch-minilm; Scripts/test fetches it).
// Shape letters: B batch (10), T positions, C width (384).
import Foundation
import Testing
import TinyformerBERT
import TinyformerIO
import TinyformerTensor
import TinyformerTestSupport

@Suite struct MiniLMMatchesTransformersTests {
    @Test(.enabled(if: MiniLM.isPresent, MiniLM.skipMessage))
    func hiddenStatesAndPooledOutputOf50SentencesEqualTransformers() throws {
        let fixture = try Fixture("bert/minilm_expected")
        let sentences = try JSONDecoder().decode(
            [String].self, from: Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/bert/minilm_sentences.json")))
        #expect(sentences.count == 50)
        let folder = try BertFolder(MiniLM.folder)
        let tokenizer = try folder.tokenizer()
        let model = try folder.loadModel().model.eval()
        for k in 0..<5 {
            let encodings = try tokenizer.encode(Array(sentences[(10 * k)..<(10 * k + 10)]), padding: .longest)
            #expect(encodings.flatMap(\.inputIDs) == (try fixture.ints("batch\(k).input_ids")), "batch \(k) ids")
            #expect(encodings.flatMap(\.attentionMask) == (try fixture.ints("batch\(k).attention_mask")), "batch \(k) mask")
            let output = try withNoGrad { try model(BertInputs(encodings: encodings)) }
            try fixture.expect(output.lastHiddenState, matches: "batch\(k).last_hidden_state", atol: 1e-4, rtol: 0)
            try fixture.expect(output.pooledOutput, matches: "batch\(k).pooler_output", atol: 1e-4, rtol: 0)
        }
    }
}
