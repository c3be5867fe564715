import Foundation
import Testing
import TinyformerNN
import TinyformerTensor

/// Training must not accumulate memory: backward releases every saved tensor, so the thousandth
/// step needs no more memory than the tenth.
@Suite struct TrainingMemoryTests {
    /// One Adam step of the tiny network on a fixed batch.
    static func makeTrainer() throws -> () throws -> Void {
        let network = try TinyNetwork(seed: 3)
        let optimizer = try Adam(parameters: network.parameters, learningRate: 1e-3)
        let tokens = (0..<18).map { $0 % 11 }, targets = (0..<18).map { ($0 + 1) % 11 }
        return {
            optimizer.zeroGrad()
            let logits = try network(tokens: tokens, batch: 3, length: 6, keyPadding: nil)
            try logits.crossEntropy(targets: targets).backward()
            optimizer.step()
        }
    }

    @Test func backwardReleasesEverythingTheForwardPassSaved() throws {
        let tracker = AllocationTracker()
        try tracker.track {
            let step = try Self.makeTrainer()
            try step()  // optimizer state and gradients now exist
            let afterFirst = tracker.liveBytes
            for _ in 0..<5 { try step() }
            #expect(tracker.liveBytes == afterFirst, "live tensor bytes grew from \(afterFirst) to \(tracker.liveBytes)")
        }
    }

    @Test func peakTensorMemoryOfAThousandStepsEqualsTheFirstTen() throws {
        let tracker = AllocationTracker()
        try tracker.track {
            let step = try Self.makeTrainer()
            for _ in 0..<10 { try step() }
            let peakOfTen = tracker.peakBytes
            for _ in 10..<1000 { try step() }
            #expect(tracker.peakBytes == peakOfTen, "peak tensor bytes grew from \(peakOfTen) to \(tracker.peakBytes)")
        }
    }

    /// The process-level check from the issue: peak RSS (VmHWM) after 1,000 steps is no higher
    /// than after the first 10 (1 MiB slack for allocator page granularity). Peak RSS is
    /// process-wide, so this runs only in its own process: `Scripts/test` runs it alone with
    /// TINYFORMER_ISOLATED_MEMORY_TEST=1 after the main suite.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TINYFORMER_ISOLATED_MEMORY_TEST"] == "1"))
    func peakResidentMemoryOfAThousandStepsEqualsTheFirstTen() throws {
        let step = try Self.makeTrainer()
        for _ in 0..<10 { try step() }
        let peakOfTen = try Self.peakResidentKiB()
        for _ in 10..<1000 { try step() }
        let peakOfThousand = try Self.peakResidentKiB()
        #expect(peakOfThousand <= peakOfTen + 1024, "VmHWM grew from \(peakOfTen) KiB to \(peakOfThousand) KiB")
    }

    static func peakResidentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return kib
    }
}
