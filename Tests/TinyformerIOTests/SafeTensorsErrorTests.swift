// One test per malformed-input case: each asserts the exact error and that the message names the
// file and (where there is one) the tensor.
import Foundation
import Testing
import TinyformerIO

/// A header with one F32 tensor "w" of shape [2] (8 bytes) and the given fields spliced in.
private func entryFile(_ entry: String, buffer: [UInt8] = f32Bytes([1, 2])) -> [UInt8] {
    makeFile(header: #"{"w":\#(entry)}"#, buffer: buffer)
}

/// Expects `bytes` to fail with exactly `expected`, and the message to mention `mentions`.
private func expectError(_ bytes: [UInt8], _ expected: SafeTensorsError, mentions: [String] = [],
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let error = parseError(bytes)
    #expect(error == expected, sourceLocation: sourceLocation)
    let message = error?.description ?? ""
    for text in [testSource] + mentions {
        #expect(message.contains(text), "message \(message.debugDescription) lacks \(text.debugDescription)",
                sourceLocation: sourceLocation)
    }
}

@Test(arguments: [0, 1, 7])
func fileShorterThanEightBytesIsTruncated(count: Int) {
    expectError([UInt8](repeating: 0, count: count), .truncatedFile(source: testSource, byteCount: count), mentions: ["\(count) bytes"])
}

@Test func headerLengthPastEndOfFileIsRejected() {
    let header = #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#
    let bytes = makeFile(header: header, headerLength: UInt64(header.utf8.count + 1))
    expectError(bytes, .headerLengthPastEnd(source: testSource, headerLength: UInt64(header.utf8.count + 1), fileSize: bytes.count))
}

@Test(arguments: [UInt64(100_000_001), UInt64(Int.max), UInt64.max])
func hugeHeaderLengthIsRejected(length: UInt64) {
    expectError(makeFile(header: "{}", headerLength: length),
                .headerTooLarge(source: testSource, headerLength: length, limit: 100_000_000), mentions: ["\(length)"])
}

@Test func headerThatIsNotUTF8IsRejected() {
    expectError(makeFile(headerBytes: Array(#"{"w":"#.utf8) + [0xFF, 0xFE] + Array("}".utf8)), .headerNotUTF8(source: testSource))
}

@Test func headerContainingNULBytesIsRejected() {
    expectError(makeFile(headerBytes: [UInt8(ascii: "{"), 0, UInt8(ascii: "}"), 0]), .headerNotUTF8(source: testSource))
}

@Test(arguments: [#"{"w":"#, "", "   ", #"{"w":{"dtype" "F32"}}"#, #"{"a":1} x"#, "{'w': 1}", "[1e400]", "nul"])
func headerThatIsNotJSONIsRejected(header: String) {
    let error = parseError(makeFile(header: header))
    guard case .headerNotJSON(let source, let reason)? = error else {
        Issue.record("expected .headerNotJSON for \(header.debugDescription), got \(String(describing: error))"); return
    }
    #expect(source == testSource)
    #expect(!reason.isEmpty)
}

@Test(arguments: ["[1, 2]", "[]", #"[{"w":{}}]"#])
func headerThatIsNotAnObjectIsRejected(header: String) {
    expectError(makeFile(header: header), .headerNotObject(source: testSource))
}

@Test(arguments: ["5", #""F32""#, "null", "[]"])
func entryThatIsNotAnObjectIsRejected(entry: String) {
    expectError(entryFile(entry), .entryNotObject(source: testSource, name: "w"), mentions: ["'w'"])
}

@Test(arguments: ["dtype", "shape", "data_offsets"])
func entryMissingAFieldIsRejected(field: String) {
    var fields = [#""dtype":"F32""#, #""shape":[2]"#, #""data_offsets":[0,8]"#]
    fields.removeAll { $0.hasPrefix("\"\(field)\"") }
    expectError(entryFile("{" + fields.joined(separator: ",") + "}"),
                .missingField(source: testSource, name: "w", field: field), mentions: ["'w'", field])
}

@Test(arguments: [
    (#""dtype":5,"shape":[2],"data_offsets":[0,8]"#, "dtype"),
    (#""dtype":null,"shape":[2],"data_offsets":[0,8]"#, "dtype"),
    (#""dtype":"F32","shape":"2","data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":[1.5],"data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":[true],"data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":["2"],"data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":[1e30],"data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,8]"#, "shape"),
    (#""dtype":"F32","shape":[2],"data_offsets":[0]"#, "data_offsets"),
    (#""dtype":"F32","shape":[2],"data_offsets":[0,8,8]"#, "data_offsets"),
    (#""dtype":"F32","shape":[2],"data_offsets":[0,-8]"#, "data_offsets"),
    (#""dtype":"F32","shape":[2],"data_offsets":[0,8.5]"#, "data_offsets"),
    (#""dtype":"F32","shape":[2],"data_offsets":[false,8]"#, "data_offsets"),
    (#""dtype":"F32","shape":[2],"data_offsets":{"0":8}"#, "data_offsets"),
])
func entryWithIllTypedFieldIsRejected(fields: String, field: String) {
    let error = parseError(entryFile("{" + fields + "}"))
    guard case .invalidField(let source, let name, let badField, _)? = error else {
        Issue.record("expected .invalidField for \(fields), got \(String(describing: error))"); return
    }
    #expect(source == testSource && name == "w" && badField == field)
    #expect(error?.description.contains("'w'") == true)
}

@Test func integralFloatingPointShapeAndOffsetsAreAccepted() throws {
    let file = try SafeTensorsFile(bytes: entryFile(#"{"dtype":"F32","shape":[2.0],"data_offsets":[0,8e0]}"#))
    #expect(try file.tensor(named: "w").scalars == [1, 2])
}

@Test func unknownDTypeIsRejected() {
    expectError(entryFile(#"{"dtype":"F17","shape":[2],"data_offsets":[0,8]}"#),
                .unknownDType(source: testSource, name: "w", dtype: "F17"), mentions: ["'w'", "F17", "BF16"])
}

@Test(arguments: ["F8_E4M3", "F8_E5M2", "C64"])
func validButUnsupportedDTypeIsRejected(dtype: String) throws {
    let kind = try #require(SafeTensorsDType(rawValue: dtype))
    let bytes = kind.bitWidth / 8
    expectError(entryFile(#"{"dtype":"\#(dtype)","shape":[\#(8 / bytes)],"data_offsets":[0,8]}"#),
                .unsupportedDType(source: testSource, name: "w", dtype: kind), mentions: ["'w'", dtype])
}

@Test func negativeDimensionIsRejected() {
    expectError(entryFile(#"{"dtype":"F32","shape":[2,-3],"data_offsets":[0,8]}"#),
                .negativeDimension(source: testSource, name: "w", shape: [2, -3]), mentions: ["'w'", "[2, -3]"])
}

@Test(arguments: [[4_611_686_018_427_387_904, 4], [Int.max, Int.max], [2_305_843_009_213_693_952, 2]])
func overflowingShapeIsRejected(shape: [Int]) {
    let text = shape.map(String.init).joined(separator: ",")
    expectError(entryFile(#"{"dtype":"F32","shape":[\#(text)],"data_offsets":[0,8]}"#),
                .shapeOverflow(source: testSource, name: "w", shape: shape), mentions: ["'w'"])
}

@Test func zeroDimensionMakesOtherwiseHugeShapeEmpty() throws {
    let bytes = entryFile(#"{"dtype":"F32","shape":[9223372036854775807,9223372036854775807,0],"data_offsets":[0,0]}"#)
    #expect(try SafeTensorsFile(bytes: bytes).tensor(named: "w").scalars.isEmpty)
}

@Test func byteCountDisagreeingWithShapeIsRejected() {
    expectError(entryFile(#"{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}"#, buffer: [UInt8](repeating: 0, count: 24)),
                .byteCountMismatch(source: testSource, name: "w", dtype: .f32, shape: [2, 3], expectedBytes: 24, actualBytes: 20),
                mentions: ["'w'", "24", "20"])
}

@Test func subByteDTypeThatDoesNotFillWholeBytesIsRejected() {
    expectError(entryFile(#"{"dtype":"F4","shape":[3],"data_offsets":[0,1]}"#),
                .byteCountMismatch(source: testSource, name: "w", dtype: .f4, shape: [3], expectedBytes: 2, actualBytes: 1))
}

@Test func dataOffsetsWithBeginAfterEndAreRejected() {
    expectError(entryFile(#"{"dtype":"F32","shape":[2],"data_offsets":[8,0]}"#),
                .invalidDataOffsets(source: testSource, name: "w", begin: 8, end: 0), mentions: ["'w'", "[8, 0]"])
}

@Test(arguments: [(0, 16), (8, 16), (9223372036854775799, 9223372036854775807)])
func dataOffsetsPastTheBufferAreRejected(begin: Int, end: Int) {
    expectError(entryFile(#"{"dtype":"F32","shape":[2],"data_offsets":[\#(begin),\#(end)]}"#),
                .dataOffsetsOutOfRange(source: testSource, name: "w", begin: begin, end: end, bufferLength: 8),
                mentions: ["'w'", "\(end)"])
}

@Test func overlappingTensorsAreRejected() {
    let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#
    expectError(makeFile(header: header, buffer: [UInt8](repeating: 0, count: 24)),
                .overlappingTensors(source: testSource, first: "a", firstRange: 0..<16, second: "b", secondRange: 8..<24),
                mentions: ["'a'", "'b'"])
}

@Test func tensorNestedInsideAnotherIsRejectedAsOverlap() {
    let header = #"{"a":{"dtype":"F32","shape":[8],"data_offsets":[0,32]},"b":{"dtype":"F32","shape":[1],"data_offsets":[28,32]},"# +
        #""c":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
    expectError(makeFile(header: header, buffer: [UInt8](repeating: 0, count: 32)),
                .overlappingTensors(source: testSource, first: "a", firstRange: 0..<32, second: "c", secondRange: 4..<8))
}

@Test func emptyTensorsSharingOffsetsAndGapsAreAccepted() throws {
    let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"e":{"dtype":"F16","shape":[0],"data_offsets":[4,4]},"# +
        #""f":{"dtype":"F32","shape":[0,2],"data_offsets":[0,0]},"__metadata__":{}}"#
    let file = try SafeTensorsFile(bytes: makeFile(header: header + "   ", buffer: [9, 9, 9, 9] + f32Bytes([5]) + [7]))
    #expect(file.names == ["f", "e", "a"])
    #expect(file["a"]?.scalars == [5])
    #expect(file["e"]?.shape == [0] && file["f"]?.shape == [0, 2])
}

@Test(arguments: [
    (#"{"k":1}"#, "k" as String?), (#"{"k":null}"#, "k"), (#"{"ok":"v","k":["v"]}"#, "k"), (#"{"k":true}"#, "k"),
    (#"["a"]"#, nil), (#""format""#, nil), ("3", nil),
])
func metadataThatIsNotStringToStringIsRejected(metadata: String, key: String?) {
    let bytes = makeFile(header: #"{"__metadata__":\#(metadata)}"#)
    expectError(bytes, .invalidMetadata(source: testSource, key: key, expected: key == nil
        ? "an object whose values are all strings" : "a string value"), mentions: ["__metadata__"] + (key.map { [$0] } ?? []))
}

@Test func lookingUpMissingTensorNamesTheFileAndTheName() throws {
    let file = try SafeTensorsFile(bytes: SafeTensorsFile.serialized(["b": SafeTensorsEntry(shape: [1], scalars: [1])]),
                                   source: "ckpt.safetensors")
    let error = #expect(throws: SafeTensorsError.tensorNotFound(source: "ckpt.safetensors", name: "a", available: ["b"])) {
        try file.tensor(named: "a")
    }
    #expect(error?.description.contains("'a'") == true && error?.description.contains("ckpt.safetensors") == true)
}

@Test func unreadablePathThrowsUnreadableFile() {
    let url = URL(fileURLWithPath: "/nonexistent-tinyformer-dir/model.safetensors")
    let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(contentsOf: url) }
    guard case .unreadableFile(let source, _)? = error else {
        Issue.record("expected .unreadableFile, got \(String(describing: error))"); return
    }
    #expect(source == url.path)
}
