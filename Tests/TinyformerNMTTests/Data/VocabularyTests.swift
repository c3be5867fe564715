// Character vocabularies: the course's Pig Latin one, and one built from any data.
import Foundation
import Testing
import TinyformerNMT

@Suite struct VocabularyTests {
    @Test func thePigLatinVocabularyHasTheCoursesIds() throws {
        let v = Vocabulary.pigLatin
        #expect(v.size == 30 && v.startOfSequence == 27 && v.endOfSequence == 28 && v.endOfPrompt == 29)
        #expect(try v.encode("Ab-z") == [1, 2, 0, 26])  // lowercased first
        #expect(v.decode([1, 2, 0, 26, 28, 5]) == "ab-z")  // stops at EOS
        #expect(v.tokenName(27) == "<s>" && v.tokenName(28) == "</s>" && v.tokenName(29) == "<p>" && v.tokenName(1) == "a")
    }

    @Test func aVocabularyBuiltFromTextCoversItsCharactersInScalarOrder() throws {
        let v = try Vocabulary(coveringTextOf: ["Zoë 42", "été", "日本"])
        #expect(v.characters == ["2", "4", "Z", "o", "t", "é", "ë", "日", "本"])  // U+32 … U+672C; no space
        #expect(try v.decode(v.encode("日本42")) == "日本42")
        #expect(try Vocabulary(coveringTextOf: ["-abcdefghijklmnopqrstuvwxyz"], lowercasesInput: true) == .pigLatin)
    }

    @Test func unknownCharactersAreNamedAndControlCharactersEscaped() throws {
        let v = try Vocabulary(characters: ["a", "b"])
        #expect {
            try v.encode("ab\u{1B}[31mc")
        } throws: { error in
            let text = "\(error)"
            return text.contains("'\\u{1b}'") && text.contains("'c'") && !text.contains("\u{1B}")
        }
    }

    @Test func invalidCharacterListsAreRejected() {
        #expect(throws: VocabularyError.self) { try Vocabulary(characters: []) }
        #expect(throws: VocabularyError.self) { try Vocabulary(characters: ["a", "a"]) }
        #expect(throws: VocabularyError.self) { try Vocabulary(characters: ["a", " "]) }
    }

    @Test func vocabulariesRoundTripThroughJSONAndBadFilesAreRejected() throws {
        let v = try Vocabulary(characters: Array("xyZ9é"), lowercasesInput: false)
        #expect(try JSONDecoder().decode(Vocabulary.self, from: JSONEncoder().encode(v)) == v)
        for bad in [#"{"characters": ["ab"]}"#, #"{"characters": []}"#, #"{"characters": ["a", "a"]}"#, #"{"chars": ["a"]}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Vocabulary.self, from: Data(bad.utf8)) }
        }
    }
}
