// Shared by every test target. Loading the golden PyTorch fixtures (Fixtures/ops/*.safetensors, written by
// Scripts/make_fixtures.py) and comparing Float arrays. All knowledge of the safetensors reader's
// API lives in this file.
import Foundation
import Testing
import TinyformerIO
import TinyformerTensor

/// The package root, three levels above this file (…/Tests/TestSupport/Fixtures.swift).
public let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// Errors of the fixture helpers themselves (a missing tensor or metadata key).
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
}

/// One fixture file: named tensors plus string metadata (op hyperparameters).
public struct Fixture {
    /// Path relative to `Fixtures/`, without the extension (e.g. `ops/linear`).
    public let name: String
    /// The whole file (e.g. to load a model's parameters from it).
    public let file: SafeTensorsFile

    /// Loads `Fixtures/<name>.safetensors`.
    public init(_ name: String) throws {
        self.name = name
        let url = packageRoot.appendingPathComponent("Fixtures/\(name).safetensors")
        file = try SafeTensorsFile(contentsOf: url)
    }

    /// Whether the file holds a tensor called `key`.
    public func has(_ key: String) -> Bool { file[key] != nil }

    /// Tensor names in the file.
    public var tensorNames: [String] { file.names }

    public func shape(_ key: String) throws -> [Int] { try entry(key).shape }

    public func scalars(_ key: String) throws -> [Float] { try entry(key).scalars }

    /// A fresh tensor (a leaf, `requiresGrad` as given) holding `key`.
    public func tensor(_ key: String, requiresGrad: Bool = false) throws -> Tensor {
        let e = try entry(key)
        return try Tensor(shape: e.shape, scalars: e.scalars, requiresGrad: requiresGrad)
    }

    /// An integer array stored exactly as F32 (indices, targets).
    public func ints(_ key: String) throws -> [Int] {
        try scalars(key).map { value in
            guard let i = Int(exactly: value) else {
                throw FixtureError(description: "\(name): tensor '\(key)' holds the non-integer \(value)")
            }
            return i
        }
    }

    /// A boolean mask stored as F32 0/1 (e.g. key padding, true = masked).
    public func bools(_ key: String) throws -> [Bool] { try scalars(key).map { $0 != 0 } }

    public func metadata(_ key: String) throws -> String {
        guard let value = file.metadata[key] else {
            throw FixtureError(description: "\(name): no metadata '\(key)' (have \(file.metadata.keys.sorted()))")
        }
        return value
    }

    public func metadataInt(_ key: String) throws -> Int {
        guard let value = Int(try metadata(key)) else { throw FixtureError(description: "\(name): metadata '\(key)' is not an Int") }
        return value
    }

    public func metadataBool(_ key: String) throws -> Bool { try metadata(key) == "true" }

    /// A Float from metadata, or nil when the value is `default`.
    public func metadataFloat(_ key: String) throws -> Float? {
        let text = try metadata(key)
        if text == "default" { return nil }
        guard let value = Float(text) else { throw FixtureError(description: "\(name): metadata '\(key)' is not a Float") }
        return value
    }

    /// A Float from metadata that must be present and numeric.
    public func metadataNumber(_ key: String) throws -> Float {
        guard let value = Float(try metadata(key)) else {
            throw FixtureError(description: "\(name): metadata '\(key)' is not a number")
        }
        return value
    }

    /// A comma-separated Int list from metadata (e.g. a reshape target "-1,4").
    public func metadataInts(_ key: String) throws -> [Int] {
        try metadata(key).split(separator: ",").map { part in
            guard let value = Int(part) else { throw FixtureError(description: "\(name): metadata '\(key)' is not an Int list") }
            return value
        }
    }

    private func entry(_ key: String) throws -> SafeTensorsEntry {
        guard let e = file[key] else {
            throw FixtureError(description: "\(name): no tensor '\(key)' (have \(file.names))")
        }
        return e
    }

    /// Checks `actual`'s shape and values against the fixture tensor `key`.
    public func expect(_ actual: Tensor?, matches key: String, atol: Float = 1e-5, rtol: Float = 1e-5,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let what = "\(name) \(key)"
        guard let actual else {
            Issue.record("\(what): no tensor (gradient never reached it?)", sourceLocation: sourceLocation)
            return
        }
        let expectedShape = try shape(key)
        guard actual.shape == expectedShape else {
            Issue.record("\(what): shape \(actual.shape), expected \(expectedShape)", sourceLocation: sourceLocation)
            return
        }
        assertClose(actual.scalars, try scalars(key), atol: atol, rtol: rtol, what, sourceLocation: sourceLocation)
    }
}

/// The worst element of a comparison: index, values and its excess over the tolerance.
public struct Mismatch {
    public let index: Int
    public let actual: Float
    public let expected: Float
    public let error: Float
    public let allowed: Float
}

/// The element with the largest error/allowance ratio, or nil when every element is within
/// |a − b| ≤ atol + rtol·|b| (NaN anywhere counts as a failure).
public func worstMismatch(_ actual: [Float], _ expected: [Float], atol: Float, rtol: Float) -> Mismatch? {
    var worst: Mismatch?
    var worstRatio: Float = 1
    for i in 0..<min(actual.count, expected.count) {
        let a = actual[i], b = expected[i]
        let error = abs(a - b), allowed = atol + rtol * abs(b)
        if error.isNaN || a.isNaN != b.isNaN {
            return Mismatch(index: i, actual: a, expected: b, error: .nan, allowed: allowed)
        }
        let ratio = error / allowed
        if ratio > worstRatio {
            worstRatio = ratio
            worst = Mismatch(index: i, actual: a, expected: b, error: error, allowed: allowed)
        }
    }
    return worst
}

/// Records an Issue unless |actual − expected| ≤ atol + rtol·|expected| elementwise, naming the
/// tensor, the worst index, both values and the error.
public func assertClose(_ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-5, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual.count == expected.count else {
        Issue.record("\(what): \(actual.count) elements, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    if let m = worstMismatch(actual, expected, atol: atol, rtol: rtol) {
        Issue.record("""
            \(what): worst element [\(m.index)] of \(actual.count) is \(m.actual), expected \(m.expected) \
            (|error| \(m.error) > allowed \(m.allowed) = atol \(atol) + rtol \(rtol)·|expected|)
            """, sourceLocation: sourceLocation)
    }
}

extension Fixture {
    /// Runs one op case of `Fixtures/ops/<name>.safetensors`: builds each differentiable
    /// `input.<key>` as a leaf with `requiresGrad`, evaluates `op`, checks `output`, then sends
    /// `upstream` back (the gradient of Σ upstream ⊙ output) and checks every `grad.<key>`.
    /// Non-differentiable inputs (indices, targets, masks) are read by `op` from the fixture.
    @discardableResult
    public static func runOp(_ name: String, differentiable: [String], atol: Float = 1e-5, rtol: Float = 1e-5,
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ op: (Fixture, [String: Tensor]) throws -> Tensor) throws -> Fixture {
        let fixture = try Fixture("ops/\(name)")
        var inputs: [String: Tensor] = [:]
        for key in differentiable { inputs[key] = try fixture.tensor("input.\(key)", requiresGrad: true) }
        let output = try op(fixture, inputs)
        try fixture.expect(output, matches: "output", atol: atol, rtol: rtol, sourceLocation: sourceLocation)
        try output.backward(gradient: fixture.tensor("upstream"))
        for key in differentiable {
            try fixture.expect(inputs[key]?.grad, matches: "grad.\(key)", atol: atol, rtol: rtol, sourceLocation: sourceLocation)
        }
        return fixture
    }
}
