// Shape letters: T positions of a tower, C its width, M its MLP width, L its layers, K image
// channels, p the patch side, N patches, P the projection width.

extension ClipConfig {
    /// Forward FLOPs (a multiply–add is 2) of the matrix products of one image through the vision
    /// tower and its projection:
    ///   2·N·(K·p²)·C + L·(2T(4C² + 2CM) + 4T²C) + 2CP,  T = N + 1.
    public var imageForwardFlops: Double {
        let v = visionConfig
        let t = Double(v.positionCount), c = Double(v.hiddenSize), m = Double(v.intermediateSize)
        let patch = 2 * Double(v.patchCount) * Double(v.numChannels * v.patchSize * v.patchSize) * c
        return patch + Self.encoderFlops(tokens: t, width: c, mlp: m, layers: Double(v.numHiddenLayers)) + 2 * c * Double(projectionDim)
    }

    /// Forward FLOPs of one text of `length` tokens through the text tower and its projection
    /// (the same formula without the patch embedding).
    public func textForwardFlops(length: Int) -> Double {
        let t = textConfig
        let c = Double(t.hiddenSize)
        return Self.encoderFlops(tokens: Double(length), width: c, mlp: Double(t.intermediateSize), layers: Double(t.numHiddenLayers))
            + 2 * c * Double(projectionDim)
    }

    private static func encoderFlops(tokens t: Double, width c: Double, mlp m: Double, layers: Double) -> Double {
        layers * (2 * t * (4 * c * c + 2 * c * m) + 4 * t * t * c)
    }
}
