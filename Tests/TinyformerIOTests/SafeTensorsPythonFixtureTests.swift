// Reading a file written by Python's `safetensors` (Fixtures/io, made by
// Scripts/check_safetensors_compat.py) and comparing with the float32 values Python computed.
import Foundation
import Testing
import TinyformerIO

/// Fixtures/io/python_written.json: per tensor the dtype, shape and float32 bit patterns.
private struct ExpectedFile: Decodable {
    struct Tensor: Decodable {
        let dtype: String
        let shape: [Int]
        let float32_bits: [UInt32]
    }
    let metadata: [String: String]
    let tensors: [String: Tensor]
}

@Test func fileWrittenByPythonSafetensorsDecodesToTheValuesPythonComputed() throws {
    let directory = packageRoot.appendingPathComponent("Fixtures/io")
    let file = try SafeTensorsFile(contentsOf: directory.appendingPathComponent("python_written.safetensors"))
    let expected = try JSONDecoder().decode(
        ExpectedFile.self, from: Data(contentsOf: directory.appendingPathComponent("python_written.json")))

    #expect(file.metadata == expected.metadata)
    #expect(file.metadata == ["format": "pt"])
    #expect(Set(file.names) == Set(expected.tensors.keys))
    #expect(Set(expected.tensors.values.map(\.dtype)) == ["F32", "F16", "BF16"])
    for (name, tensor) in expected.tensors.sorted(by: { $0.key < $1.key }) {
        let entry = try file.tensor(named: name)
        #expect(entry.sourceDType.rawValue == tensor.dtype, "dtype of \(name)")
        #expect(entry.shape == tensor.shape, "shape of \(name)")
        let bits = entry.scalars.map(\.bitPattern)
        if let worst = zip(bits, tensor.float32_bits).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            let (got, want) = worst.element
            let message = "\(name)[\(worst.offset)]: got \(Float(bitPattern: got)) (0x\(String(got, radix: 16))), "
                + "Python \(Float(bitPattern: want)) (0x\(String(want, radix: 16)))"
            Issue.record(Comment(rawValue: message))
        }
        #expect(bits.count == tensor.float32_bits.count, "element count of \(name)")
    }
}

@Test func pythonWrittenFileReserializesAsF32WithTheSameValues() throws {
    let url = packageRoot.appendingPathComponent("Fixtures/io/python_written.safetensors")
    let original = try SafeTensorsFile(contentsOf: url)
    let copy = try SafeTensorsFile(bytes: original.serialized())
    #expect(copy.metadata == original.metadata)
    for name in original.names {
        #expect(copy[name]?.sourceDType == .f32)
        #expect(copy[name]?.shape == original[name]?.shape)
        #expect(sameBits(copy[name]?.scalars ?? [], original[name]?.scalars ?? [.nan]), "\(name)")
    }
}

@Test func writerProducesTheSameBytesAsPythonSafetensorsForF32Tensors() throws {
    // The same tensors as F32_ONLY in Scripts/check_safetensors_compat.py.
    let tensors: [String: SafeTensorsEntry] = [
        "a.weight": SafeTensorsEntry(shape: [2, 2], scalars: [1, 2, 3, 4]),
        "b": SafeTensorsEntry(shape: [3], scalars: [-1.5, 0.25, 1024]),
        "c.scalar": SafeTensorsEntry(shape: [], scalars: [42]),
        "d.empty": SafeTensorsEntry(shape: [0], scalars: []),
    ]
    let python = try [UInt8](Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/io/python_written_f32.safetensors")))
    let ours = try SafeTensorsFile.serialized(tensors, metadata: ["format": "pt"])
    if let first = zip(ours, python).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
        Issue.record(Comment(rawValue: "first differing byte at offset \(first)"))
    }
    #expect(ours == python)
}
