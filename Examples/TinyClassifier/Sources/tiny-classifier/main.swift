// Builds a two-layer network with Tinyformer, trains it for ten Adam steps on a seeded toy
// problem (is a point inside the unit circle?), saves it as safetensors, loads it back into a
// fresh network and checks that both give the same loss.
import Foundation
import Tinyformer

// Shape letters: N points, D = 2 input features, H hidden units, K = 2 classes.
final class TwoLayerNetwork: Module {
    private(set) var hidden: Linear
    private(set) var output: Linear
    var isTraining = true

    // The one list: parameter names (hidden.weight, …), replicas, loading and modes derive from it.
    static let members: [ModuleMember<TwoLayerNetwork>] = [.module("hidden", \.hidden), .module("output", \.output)]

    init(hiddenUnits: Int, using generator: inout SeededGenerator) throws {
        hidden = try Linear(inputWidth: 2, outputWidth: hiddenUnits, using: &generator)
        output = try Linear(inputWidth: hiddenUnits, outputWidth: 2, using: &generator)
    }

    private init(copying other: TwoLayerNetwork) {
        hidden = other.hidden
        output = other.output
        isTraining = other.isTraining
    }

    func memberwiseCopy() -> TwoLayerNetwork { TwoLayerNetwork(copying: self) }

    func callAsFunction(_ x: Tensor) throws -> Tensor {
        try output(hidden(x).relu())  // (N, K)
    }
}

func run() throws {
    var outDirectory = FileManager.default.temporaryDirectory.path
    let arguments = CommandLine.arguments
    if let i = arguments.firstIndex(of: "--out"), i + 1 < arguments.count { outDirectory = arguments[i + 1] }

    var generator = SeededGenerator(seed: 42)
    var points: [Float] = [], labels: [Int] = []
    for _ in 0..<256 {
        let x = generator.uniform(-1.5, 1.5), y = generator.uniform(-1.5, 1.5)
        points += [x, y]
        labels.append(x * x + y * y < 1 ? 1 : 0)
    }
    let inputs = try Tensor(shape: [256, 2], scalars: points)  // (N, D)

    let network = try TwoLayerNetwork(hiddenUnits: 16, using: &generator)
    let optimizer = try Adam(parameters: network.parameters, learningRate: 0.05)
    var losses: [Float] = []
    for step in 1...10 {
        optimizer.zeroGrad()
        let loss = try network(inputs).crossEntropy(targets: labels)
        try loss.backward()
        optimizer.step()
        losses.append(try loss.item())
        print("step \(step): loss \(losses.last!)")
    }

    let url = URL(fileURLWithPath: outDirectory).appendingPathComponent("tiny-classifier.safetensors")
    try network.save(to: url, metadata: ["example": "tiny-classifier"])
    var otherGenerator = SeededGenerator(seed: 7)
    let reloaded = try TwoLayerNetwork(hiddenUnits: 16, using: &otherGenerator)
    try reloaded.load(contentsOf: url)
    let a = try withNoGrad { try network(inputs).crossEntropy(targets: labels).item() }
    let b = try withNoGrad { try reloaded(inputs).crossEntropy(targets: labels).item() }
    guard a == b, losses.last! < losses.first! else {
        print("tiny-classifier: FAILED (saved loss \(a), reloaded loss \(b), losses \(losses))")
        exit(1)
    }
    print("saved \(url.path); reloaded network gives the same loss \(b)")
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("tiny-classifier: \(error)\n".utf8))
    exit(1)
}
