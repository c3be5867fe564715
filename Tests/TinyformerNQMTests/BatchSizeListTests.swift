import Testing
@testable import TinyformerNQM

/// Parsing of `--batch-sizes` lists.
@Suite struct BatchSizeListTests {
    @Test func ellipsisContinuesTheGeometricSequence() throws {
        #expect(try BatchSizeList.parse("1,2,4,…,4096") == (0...12).map { 1 << $0 })
        #expect(try BatchSizeList.parse("1, 2, ..., 10") == [1, 2, 4, 8, 10])
        #expect(try BatchSizeList.parse("3,9,...,243") == [3, 9, 27, 81, 243])
    }

    @Test func plainListsParseAsGiven() throws {
        #expect(try BatchSizeList.parse("16") == [16])
        #expect(try BatchSizeList.parse("1,3,5") == [1, 3, 5])
    }

    @Test func malformedListsThrow() {
        for text in ["", "0", "1,-2", "1,a", "...,8", "1,...,8", "2,3,...,9", "1,2,...", "1,,2", "1,2,...,2", "4,8,...,1"] {
            expectNQMError("'\(text)'", { if case .invalidBatchSizes = $0 { true } else { false } }) {
                _ = try BatchSizeList.parse(text)
            }
        }
    }
}
