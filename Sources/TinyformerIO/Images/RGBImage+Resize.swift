// Resizing with the same bytes as PIL's `Image.resize` (the C resampler of the CImage target).
import CImage

extension RGBImage {
    /// The image resized to `width × height` with `filter`, byte for byte as PIL's
    /// `image.resize((width, height), filter)` on an RGB image: separable passes (horizontal
    /// first), antialiased when shrinking (the filter widens by the scale factor), 8-bit rounding
    /// and clipping after each pass; a dimension that keeps its size is left untouched.
    ///
    /// Transparency is not resized: the result has no `alpha` (composite first with
    /// `compositedOnWhite()` to keep its effect). Throws `.invalidArgument` for sizes below 1 or
    /// too large to allocate.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResamplingFilter = .bicubic)
        throws(ImageError) -> RGBImage
    {
        guard newWidth >= 1, newHeight >= 1, newWidth <= Int(Int32.max), newHeight <= Int(Int32.max),
              width <= Int(Int32.max), height <= Int(Int32.max)
        else {
            throw .invalidArgument(reason: "resize of a \(width)×\(height) image to \(newWidth)×\(newHeight) "
                + "(expected sizes from 1 to \(Int32.max))")
        }
        let (pixels, overflow) = newWidth.multipliedReportingOverflow(by: newHeight)
        guard !overflow, pixels <= Int.max / 3 else {
            throw .invalidArgument(reason: "resize to \(newWidth)×\(newHeight) overflows")
        }
        let cFilter = filter == .bicubic ? Int32(TF_RESAMPLE_BICUBIC) : Int32(TF_RESAMPLE_BILINEAR)
        var status: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: pixels * 3) { buffer, count in
            status = bytes.withUnsafeBufferPointer { input in
                tf_image_resample(input.baseAddress, Int32(width), Int32(height), 3,
                                  buffer.baseAddress, Int32(newWidth), Int32(newHeight), cFilter)
            }
            if status != 0 { buffer.initialize(repeating: 0) }
            count = pixels * 3
        }
        guard status == 0 else {
            throw .invalidArgument(reason: "resize of a \(width)×\(height) image to \(newWidth)×\(newHeight) "
                + (status == -2 ? "could not allocate its buffers" : "was refused by the resampler"))
        }
        return RGBImage(uncheckedWidth: newWidth, height: newHeight, bytes: out, alpha: nil)
    }
}
