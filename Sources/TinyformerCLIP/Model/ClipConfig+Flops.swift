// Shape letters: T positions of a tower, C its width, M its MLP width, L its layers, K image
// channels, p the patch side, N patches, P the projection width.

extension ClipConfig {
    /// Forward FLOPs (a multiply–add is 2) of the matrix products of one image through the vision
    /// tower and its projection, as this library computes them: every layer but the last on all T
    /// positions, the last on its keys and values at every position and on the class token's row
    /// otherwise (`TransformerStack.pooled`):
    ///   2·N·(K·p²)·C + (L−1)·(2T(4C² + 2CM) + 4T²C) + (4TC² + 4C² + 4CM + 4TC) + 2CP,  T = N + 1.
    public var imageForwardFlops: Double {
        let v = visionConfig
        let t = Double(v.positionCount), c = Double(v.hiddenSize), m = Double(v.intermediateSize)
        let patch = 2 * Double(v.patchCount) * Double(v.numChannels * v.patchSize * v.patchSize) * c
        return patch + Self.encoderFlops(tokens: t, width: c, mlp: m, layers: Double(v.numHiddenLayers)) + 2 * c * Double(projectionDim)
    }

    /// Forward FLOPs of one text of `length` tokens through the text tower and its projection
    /// (the same formula without the patch embedding; the last layer's row is the end-of-text
    /// token's).
    public func textForwardFlops(length: Int) -> Double {
        let t = textConfig
        let c = Double(t.hiddenSize)
        return Self.encoderFlops(tokens: Double(length), width: c, mlp: Double(t.intermediateSize), layers: Double(t.numHiddenLayers))
            + 2 * c * Double(projectionDim)
    }

    private static func encoderFlops(tokens t: Double, width c: Double, mlp m: Double, layers: Double) -> Double {
        let fullLayer = 2 * t * (4 * c * c + 2 * c * m) + 4 * t * t * c
        let pooledLayer = 4 * t * c * c + 4 * c * c + 4 * c * m + 4 * t * c  // K, V at T rows; Q, O, MLP, scores at one
        return (layers - 1) * fullLayer + pooledLayer
    }
}
