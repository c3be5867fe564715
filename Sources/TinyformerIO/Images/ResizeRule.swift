// The output size rule of a resize step (Hugging Face's `size` of an image processor).

/// How `ImagePreprocessor` chooses the size to resize to.
public enum ResizeRule: Equatable, Sendable {
    /// Scale so the shorter side becomes `edge`, the longer side `Int(edge * long / short)`
    /// (truncated), as Hugging Face's `get_resize_output_image_size(…, default_to_square=False)`:
    /// `{"shortest_edge": edge}`, or a bare integer `size` in CLIP configurations.
    case shortestEdge(Int)
    /// Resize to exactly this size, ignoring the aspect ratio: `{"height": h, "width": w}`.
    case exact(ImageSize)

    /// The size an image of `width × height` is resized to.
    public func outputSize(width: Int, height: Int) -> ImageSize {
        switch self {
        case let .exact(size):
            return size
        case let .shortestEdge(edge):
            let (short, long) = width <= height ? (width, height) : (height, width)
            guard short > 0 else { return ImageSize(width: width, height: height) }
            // Python: int(edge * long / short), a correctly rounded true division then truncation.
            let newLong = Int(Double(edge * long) / Double(short))
            return width <= height ? ImageSize(width: edge, height: newLong) : ImageSize(width: newLong, height: edge)
        }
    }
}
