// The output of CLIP image preprocessing.
//
// Shape letters: H height, W width.

/// One preprocessed image, channel first as Hugging Face's `pixel_values`: `values` is (3, H, W),
/// `values[(c * height + y) * width + x]`.
public struct PixelValues: Equatable, Sendable {
    public let height: Int
    public let width: Int
    /// (3, H, W) row-major.
    public let values: [Float]

    /// `[3, height, width]`.
    public var shape: [Int] { [3, height, width] }
}
