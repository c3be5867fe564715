// Seeded mutation fuzzing of the reader: every mutated file must either parse into a consistent
// result or throw SafeTensorsError; a trap anywhere would crash the test process.
import Foundation
import Testing
import TinyformerIO

/// JSON (and non-JSON) fragments spliced into headers.
private let fragments: [[UInt8]] = [
    "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false", "-1", "0", "1e999", "-0.0", "1.5", "4e18",
    "18446744073709551615", "18446744073709551616", "9223372036854775807", "-9223372036854775808", "1e-400",
    #""dtype":"F16""#, #""dtype":"BF16""#, #""dtype":"F8_E4M3""#, #""dtype":"F4""#, #""dtype":"BOGUS""#, #""dtype":7"#,
    #""shape":[]"#, #""shape":[0]"#, #""shape":[-1,2]"#, #""shape":[4611686018427387904,4]"#, #""shape":"x""#,
    #""data_offsets":[0,0]"#, #""data_offsets":[8,4]"#, #""data_offsets":[0,99999999999]"#, #""data_offsets":[0]"#,
    #""__metadata__":{"a":1}"#, #""__metadata__":[]"#, #""__metadata__":{"k":"v"}"#, #""x":{}"#, #""x":5"#,
    #""\ud800""#, #""\u0000""#, #""é🙂""#, "  ", "\n",
].map { Array($0.utf8) } + [
    [0x00], [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80],
    Array(String(repeating: "[", count: 600).utf8), Array(String(repeating: "{\"a\":", count: 300).utf8),
]

private let interestingNumbers = [
    "0", "1", "-1", "7", "8", "9", "24", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "1e999", "1.5", "8.0", "-0", "100000001", "4611686018427387904",
]

/// Applies one random mutation to a file.
private struct Mutator {
    var rng: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    /// The header length prefix, clamped into the file (the whole rest if it is out of range).
    func headerRange(_ bytes: [UInt8]) -> Range<Int> {
        guard bytes.count >= 8 else { return bytes.count..<bytes.count }
        let n = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        return 8..<(n <= UInt64(bytes.count - 8) ? 8 + Int(n) : bytes.count)
    }

    /// Replaces `range` of the header with `replacement`; usually keeps the length prefix consistent.
    mutating func splice(_ bytes: inout [UInt8], _ range: Range<Int>, with replacement: [UInt8]) {
        let header = headerRange(bytes)
        bytes.replaceSubrange(range, with: replacement)
        if bytes.count >= 8, chance(0.8) {
            let newLength = header.count - range.count + replacement.count
            bytes.replaceSubrange(0..<8, with: littleEndianBytes(UInt64(max(newLength, 0))))
        }
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let header = headerRange(bytes)
        switch int(0...8) {
        case 0:  // flip a bit
            guard !bytes.isEmpty else { return }
            bytes[int(0...bytes.count - 1)] ^= 1 << UInt8(int(0...7))
        case 1:  // overwrite a byte, often one inside the header with a JSON-significant character
            guard !bytes.isEmpty else { return }
            let at = chance(0.7) && !header.isEmpty ? int(header.lowerBound...header.upperBound - 1) : int(0...bytes.count - 1)
            let special = Array("{}[],:\"\\-0123456789eE. ".utf8) + [0, 0x80, 0xFF]
            bytes[at] = chance(0.5) ? special[int(0...special.count - 1)] : UInt8.random(in: 0...255, using: &rng)
        case 2:  // truncate
            bytes.removeLast(int(0...bytes.count))
        case 3:  // extend with random bytes
            bytes += (0..<int(1...64)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 4:  // overwrite the header length
            guard bytes.count >= 8 else { return }
            let n = UInt64(header.count)
            let choices: [UInt64] = [0, 1, n &- 1, n + 1, UInt64(bytes.count - 8), UInt64(bytes.count - 7), 100_000_001,
                                     .max, UInt64(Int.max), rng.next(), UInt64(int(0...bytes.count))]
            bytes.replaceSubrange(0..<8, with: littleEndianBytes(choices[int(0...choices.count - 1)]))
        case 5:  // insert or overwrite a JSON fragment inside the header
            guard !header.isEmpty else { return }
            let at = int(header.lowerBound...header.upperBound)
            let length = chance(0.5) ? 0 : int(0...min(16, header.upperBound - at))
            splice(&bytes, at..<(at + length), with: fragments[int(0...fragments.count - 1)])
        case 6:  // replace a number in the header with an interesting one
            guard !header.isEmpty else { return }
            let digits = header.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
            guard !digits.isEmpty else { return }
            var start = digits[int(0...digits.count - 1)], end = start + 1
            while start > header.lowerBound, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[start - 1]) { start -= 1 }
            while end < header.upperBound, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
            splice(&bytes, start..<end, with: Array(interestingNumbers[int(0...interestingNumbers.count - 1)].utf8))
        case 7:  // delete part of the header
            guard !header.isEmpty else { return }
            let at = int(header.lowerBound...header.upperBound - 1)
            splice(&bytes, at..<(at + int(1...min(24, header.upperBound - at))), with: [])
        default:  // duplicate part of the header
            guard !header.isEmpty else { return }
            let at = int(header.lowerBound...header.upperBound - 1)
            let chunk = Array(bytes[at..<(at + int(1...min(32, header.upperBound - at)))])
            let to = int(header.lowerBound...header.upperBound)
            splice(&bytes, to..<to, with: chunk)
        }
    }
}

/// Valid starting files: one from our writer (F32 + metadata), one hand-built with F16/BF16/scalar/empty tensors.
private func seedFiles() throws -> [[UInt8]] {
    let written = try SafeTensorsFile.serialized([
        "encoder.layers.0.attention.query.weight": SafeTensorsEntry(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]),
        "encoder.layers.0.attention.query.bias": SafeTensorsEntry(shape: [3], scalars: [0.5, -0.5, .nan]),
        "scalar": SafeTensorsEntry(shape: [], scalars: [42]),
        "empty": SafeTensorsEntry(shape: [0, 2], scalars: []),
    ], metadata: ["format": "pt", "step": "12"])
    let header = #"{"__metadata__":{"format":"pt"},"h":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"# +
        #""b":{"dtype":"BF16","shape":[3],"data_offsets":[8,14]},"i":{"dtype":"I64","shape":[1],"data_offsets":[16,24]},"# +
        #""e":{"dtype":"F32","shape":[0],"data_offsets":[24,24]}}"#
    let buffer = u16Bytes([0x3C00, 0xC100, 0x7BFF, 0x0001, 0x4049, 0xBF80, 0x7FC0, 0]) + littleEndianBytes(7)
    return [written, makeFile(header: header, buffer: buffer)]
}

@Test func mutatedFilesEitherParseConsistentlyOrThrowSafeTensorsError() throws {
    let seeds = try seedFiles()
    for seed in seeds { _ = try SafeTensorsFile(bytes: seed) }  // the starting points are valid

    let iterations = 12_000
    var mutator = Mutator(rng: SplitMix64(seed: 0x5AFE_7E45))
    var outcomes: [String: Int] = [:]
    let clock = ContinuousClock()
    let start = clock.now
    for iteration in 0..<iterations {
        var bytes = seeds[iteration % seeds.count]
        for _ in 0..<mutator.int(1...4) { mutator.mutate(&bytes) }
        do {
            let file = try SafeTensorsFile(bytes: bytes, source: "fuzz-\(iteration)")
            outcomes["parsed", default: 0] += 1
            #expect(Set(file.names) == Set(file.tensors.keys), "iteration \(iteration)")
            for (name, entry) in file.tensors {
                let count = entry.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
                #expect(entry.shape.allSatisfy { $0 >= 0 } && count == entry.scalars.count, "iteration \(iteration): \(name)")
            }
            _ = try SafeTensorsFile(bytes: file.serialized())  // anything read can be written and re-read
        } catch {
            let kind = Mirror(reflecting: error).children.first?.label ?? "\(error)"
            outcomes[kind, default: 0] += 1
            #expect(error.description.contains("fuzz-\(iteration)"), "iteration \(iteration): \(error)")
        }
    }
    let elapsed = clock.now - start
    print("safetensors fuzz: \(iterations) mutated files in \(elapsed): "
        + outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    #expect(outcomes.values.reduce(0, +) == iterations)
    #expect(outcomes["parsed", default: 0] > 100, "mutations should often keep the file valid")
    #expect(outcomes.count >= 12, "mutations should reach many distinct error cases: \(outcomes.keys.sorted())")
}
