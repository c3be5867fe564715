// Writing then reading safetensors: equality, layout (alignment, order), atomicity, writer errors.
import Foundation
import Testing
import TinyformerIO

private let sampleTensors: [String: SafeTensorsEntry] = [
    "encoder.layers.0.attention.query.weight": SafeTensorsEntry(shape: [2, 3], scalars: [1, -2.5, 3.25, 0, -0.0, 0x1p-133]),
    "bias": SafeTensorsEntry(shape: [3], scalars: [.infinity, -.infinity, .nan]),
    "scalar": SafeTensorsEntry(shape: [], scalars: [42]),
    "empty": SafeTensorsEntry(shape: [0, 4], scalars: []),
]
private let sampleMetadata = ["format": "pt", "step": "100", "note": "quote \" backslash \\ newline \n tab \t é"]

/// The JSON header of serialized bytes, parsed independently of the reader.
private func headerObject(_ bytes: [UInt8]) throws -> (length: Int, object: [String: Any]) {
    let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
    let object = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any]
    return (length, try #require(object))
}

@Test func roundTripThroughDiskPreservesShapesValuesAndMetadata() throws {
    try withTemporaryDirectory { directory in
        let url = directory.appendingPathComponent("model.safetensors")
        try SafeTensorsFile.write(sampleTensors, metadata: sampleMetadata, to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.source == url.path)
        #expect(file.metadata == sampleMetadata)
        #expect(Set(file.tensors.keys) == Set(sampleTensors.keys))
        for (name, expected) in sampleTensors {
            let entry = try file.tensor(named: name)
            #expect(entry.shape == expected.shape, "shape of \(name)")
            #expect(sameBits(entry.scalars, expected.scalars), "values of \(name)")
            #expect(entry.sourceDType == .f32)
        }
    }
}

@Test func roundTripInMemoryWithoutMetadataGivesEmptyMetadata() throws {
    let bytes = try SafeTensorsFile.serialized(sampleTensors)
    let file = try SafeTensorsFile(bytes: bytes)
    #expect(file.metadata.isEmpty)
    #expect(try headerObject(bytes).object["__metadata__"] == nil)
    #expect(sameBits(try file.tensor(named: "bias").scalars, [.infinity, -.infinity, .nan]))
}

@Test func instanceWriteReproducesTheFileItWasReadFrom() throws {
    try withTemporaryDirectory { directory in
        let first = directory.appendingPathComponent("a.safetensors")
        let second = directory.appendingPathComponent("b.safetensors")
        try SafeTensorsFile.write(sampleTensors, metadata: sampleMetadata, to: first)
        try SafeTensorsFile(contentsOf: first).write(to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
    }
}

@Test(arguments: ["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh"])
func headerIsPaddedWithSpacesToEightByteAlignment(name: String) throws {
    let bytes = try SafeTensorsFile.serialized(["t" + name: SafeTensorsEntry(shape: [1], scalars: [1])])
    let (length, _) = try headerObject(bytes)
    #expect((8 + length) % 8 == 0)
    let text = try #require(String(bytes: bytes[8..<(8 + length)], encoding: .utf8))
    let json = text.trimmingCharacters(in: .whitespaces)
    #expect(json.hasSuffix("}"))
    #expect(text.dropFirst(json.count).allSatisfy { $0 == " " })
    #expect(length - json.utf8.count < 8)
}

@Test func tensorsAreWrittenInSortedNameOrderContiguously() throws {
    let tensors: [String: SafeTensorsEntry] = [
        "b": SafeTensorsEntry(shape: [2], scalars: [1, 2]),
        "a.weight": SafeTensorsEntry(shape: [1, 3], scalars: [3, 4, 5]),
        "Z": SafeTensorsEntry(shape: [1], scalars: [6]),
        "a": SafeTensorsEntry(shape: [0], scalars: []),
    ]
    let bytes = try SafeTensorsFile.serialized(tensors, metadata: ["format": "pt"])
    let (length, object) = try headerObject(bytes)
    let sortedNames = ["Z", "a", "a.weight", "b"]
    var offset = 0
    for name in sortedNames {
        let entry = try #require(object[name] as? [String: Any])
        let offsets = try #require(entry["data_offsets"] as? [Int])
        #expect(offsets == [offset, offset + 4 * (tensors[name]?.scalars.count ?? 0)], "offsets of \(name)")
        #expect(entry["dtype"] as? String == "F32")
        offset = offsets[1]
    }
    #expect(bytes.count == 8 + length + offset)
    #expect(try SafeTensorsFile(bytes: bytes).names == sortedNames)
    // The header text itself lists metadata first, then names in the same order.
    let text = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    let positions = (["__metadata__"] + sortedNames).compactMap { text.range(of: "\"\($0)\":")?.lowerBound }
    #expect(positions == positions.sorted() && positions.count == 5)
}

@Test func serializationIsDeterministicRegardlessOfInsertionOrder() throws {
    var forward: [String: SafeTensorsEntry] = [:]
    var backward: [String: SafeTensorsEntry] = [:]
    let names = (0..<20).map { "layer.\($0).weight" }
    for (i, name) in names.enumerated() { forward[name] = SafeTensorsEntry(shape: [1], scalars: [Float(i)]) }
    for (i, name) in names.enumerated().reversed() { backward[name] = SafeTensorsEntry(shape: [1], scalars: [Float(i)]) }
    let metadata = ["b": "2", "a": "1", "c": "3"]
    #expect(try SafeTensorsFile.serialized(forward, metadata: metadata) == SafeTensorsFile.serialized(backward, metadata: metadata))
}

@Test func unusualNamesAndMetadataAreEscapedAndRoundTrip() throws {
    let names = ["quote\"d", "back\\slash", "new\nline", "ctrl\u{01}", "unicodé→🙂", "space name", ""]
    var tensors: [String: SafeTensorsEntry] = [:]
    for (i, name) in names.enumerated() { tensors[name] = SafeTensorsEntry(shape: [1], scalars: [Float(i)]) }
    let metadata = ["k\"\u{7f}": "v\\\u{1f}", "🙂": ""]
    let file = try SafeTensorsFile(bytes: SafeTensorsFile.serialized(tensors, metadata: metadata))
    #expect(Set(file.names) == Set(names))
    #expect(file.metadata == metadata)
    for (i, name) in names.enumerated() { #expect(file[name]?.scalars == [Float(i)]) }
}

@Test func writeReplacesExistingFileAndLeavesNoTemporaryFiles() throws {
    try withTemporaryDirectory { directory in
        let url = directory.appendingPathComponent("ckpt.safetensors")
        try SafeTensorsFile.write(["x": SafeTensorsEntry(shape: [1], scalars: [1])], to: url)
        try SafeTensorsFile.write(["x": SafeTensorsEntry(shape: [2], scalars: [2, 3])], to: url)
        #expect(try SafeTensorsFile(contentsOf: url).tensor(named: "x").scalars == [2, 3])
        let contents = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(contents == ["ckpt.safetensors"])
    }
}

@Test func writeIntoMissingDirectoryThrowsWriteFailedNamingThePath() throws {
    try withTemporaryDirectory { directory in
        let url = directory.appendingPathComponent("missing/ckpt.safetensors")
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile.write(["x": SafeTensorsEntry(shape: [1], scalars: [1])], to: url)
        }
        guard case .writeFailed(let source, _)? = error else {
            Issue.record("expected .writeFailed, got \(String(describing: error))"); return
        }
        #expect(source == url.path)
        #expect(error?.description.contains(url.path) == true)
    }
}

@Test(arguments: [([2, 2], 3), ([-1, -3], 3), ([Int.max, 2], 0), ([Int.max, Int.max, 0], 1)])
func writerRejectsShapeThatDoesNotMatchScalarCount(shape: [Int], count: Int) {
    let tensors = ["w": SafeTensorsEntry(shape: shape, scalars: [Float](repeating: 1, count: count))]
    #expect(throws: SafeTensorsError.scalarCountMismatch(source: "out.safetensors", name: "w", shape: shape, scalarCount: count)) {
        try SafeTensorsFile.serialized(tensors, source: "out.safetensors")
    }
}

@Test func writerRejectsTheReservedMetadataName() {
    let tensors = ["__metadata__": SafeTensorsEntry(shape: [1], scalars: [1])]
    #expect(throws: SafeTensorsError.reservedTensorName(source: "<memory>", name: "__metadata__")) {
        try SafeTensorsFile.serialized(tensors)
    }
}

@Test func randomTensorSetsRoundTripExactly() throws {
    var rng = SplitMix64(seed: 7)
    for _ in 0..<200 {
        var tensors: [String: SafeTensorsEntry] = [:]
        for t in 0..<Int.random(in: 0...5, using: &rng) {
            let shape = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0...4, using: &rng) }
            let count = shape.reduce(1, *)
            let scalars = (0..<count).map { _ in Float(bitPattern: UInt32.random(in: .min ... .max, using: &rng)) }
            tensors["t\(t).\(rng.next() % 100)"] = SafeTensorsEntry(shape: shape, scalars: scalars)
        }
        let metadata: [String: String]? = rng.next() % 2 == 0 ? nil : ["seed": "\(rng.next())"]
        let file = try SafeTensorsFile(bytes: SafeTensorsFile.serialized(tensors, metadata: metadata))
        #expect(file.metadata == metadata ?? [:])
        #expect(file.tensors.count == tensors.count)
        for (name, entry) in tensors {
            #expect(file[name]?.shape == entry.shape)
            #expect(sameBits(file[name]?.scalars ?? [], entry.scalars))
        }
    }
}
