// The verbal-arithmetic data: the 800 expressions in the course's order, labels, the seeded
// split and its stratified validation part, and agreement with the course's reference CSVs.
import Foundation
import Testing
import TinyformerBERT
import TinyformerTestSupport

@Suite struct VerbalArithmeticTests {
    static let reference = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/reference")
    static var referencePresent: Bool {
        FileManager.default.fileExists(atPath: reference.appendingPathComponent("PA03_data_20_train.csv").path)
    }

    @Test func thereAre800ExpressionsWithTheCoursesIndexAndLabels() {
        let all = VerbalArithmetic.examples()
        #expect(all.count == 800)
        #expect(all.map(\.index) == Array(0..<800))
        #expect(all[261] == ArithmeticExample(index: 261, text: "thirteen plus one", label: 2))
        #expect(all[512] == ArithmeticExample(index: 512, text: "five minus twelve", label: 0))
        #expect(all[0].text == "zero plus zero" && all[0].label == 1)
        #expect(Dictionary(grouping: all, by: \.label).mapValues(\.count) == [0: 190, 1: 21, 2: 589])
    }

    @Test func labelsAreTheSignOfTheValue() {
        #expect(VerbalArithmetic.label(of: "eight minus ten") == 0)
        #expect(VerbalArithmetic.label(of: "nineteen minus nineteen") == 1)
        #expect(VerbalArithmetic.label(of: "twenty-one plus three") == 2)
        #expect(VerbalArithmetic.label(of: "three hundred and five minus four hundred") == 0)
        #expect(VerbalArithmetic.label(of: "eight times ten") == nil)
    }

    @Test func theSplitIs640Over160WithAStratifiedValidationPart() throws {
        let split = try ArithmeticSplit(seed: 0)
        #expect(split.test.count == 160 && split.train.count == 448 && split.validation.count == 192)
        let indices = (split.train + split.validation + split.test).map(\.index)
        #expect(Set(indices) == Set(0..<800) && indices.count == 800)
        let rest = split.train + split.validation
        for label in 0..<3 {
            let part = Double(split.validation.filter { $0.label == label }.count)
            let whole = Double(rest.filter { $0.label == label }.count)
            #expect(abs(part - 0.3 * whole) < 1, "label \(label): \(part) of \(whole)")
        }
    }

    @Test func theSplitDependsOnlyOnTheSeed() throws {
        #expect(try ArithmeticSplit(seed: 5) == ArithmeticSplit(seed: 5))
        #expect(try ArithmeticSplit(seed: 5).test != ArithmeticSplit(seed: 6).test)
        #expect(throws: BertError.self) { try ArithmeticSplit(seed: 0, testCount: 800) }
    }

    @Test(.enabled(if: referencePresent, "the course's reference CSVs (../shared/data/reference) are not here"))
    func theExpressionsAndLabelsEqualTheCoursesReferenceFiles() throws {
        var rows: [Int: (String, Int)] = [:]
        for name in ["PA03_data_20_train.csv", "PA03_data_20_test.csv"] {
            let lines = try String(contentsOf: Self.reference.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n").dropFirst()  // header ",input,label"
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let index = try #require(Int(fields[0])), label = try #require(Int(fields[2]))
                #expect(rows[index] == nil, "index \(index) appears twice")
                rows[index] = (fields[1], label)
            }
        }
        #expect(rows.count == 800)
        for example in VerbalArithmetic.examples() {
            #expect(rows[example.index]?.0 == example.text && rows[example.index]?.1 == example.label, "index \(example.index)")
        }
    }

    @Test func numberWordsSpellZeroToNineHundredNinetyNine() {
        #expect(NumberWords.words(0) == "zero" && NumberWords.words(19) == "nineteen")
        #expect(NumberWords.words(42) == "forty-two" && NumberWords.words(70) == "seventy")
        #expect(NumberWords.words(305) == "three hundred and five" && NumberWords.words(1000) == nil)
        #expect(NumberWords.value("forty-two") == 42 && NumberWords.value("eleventy") == nil)
    }
}
