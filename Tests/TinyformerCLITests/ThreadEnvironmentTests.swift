import Testing
import TinyformerCLI

@Suite struct ThreadEnvironmentTests {
    private func warnings(_ value: String?) -> [String] {
        ThreadEnvironment.warnings(environment: value.map { ["TINYFORMER_NUM_THREADS": $0] } ?? [:], maximum: 64, cores: 2)
    }

    @Test func unsetAndValidValuesGiveNoWarning() {
        #expect(warnings(nil).isEmpty)
        #expect(warnings("1").isEmpty)
        #expect(warnings("64").isEmpty)
    }

    @Test(arguments: ["abc", "-1", "12abc", " 4", "4 ", "+4", "1e3", "2.5"])
    func valuesThatAreNotDigitsAreIgnoredWithAWarning(_ value: String) {
        #expect(warnings(value) == ["TINYFORMER_NUM_THREADS='\(value)' is not a whole number of threads; ignored; using 2 threads (one per core)"])
    }

    @Test func zeroAndEmptyAreIgnoredWithAWarning() {
        #expect(warnings("0").first?.contains("must be at least 1; ignored") == true)
        #expect(warnings("").first?.contains("set but empty; ignored") == true)
    }

    @Test(arguments: ["65", "100000", "99999999999999999999999"])
    func valuesAboveThePoolsMaximumAreCapped(_ value: String) {
        #expect(warnings(value).first?.hasSuffix("is above the pool's maximum of 64 threads; using 64") == true)
    }
}
