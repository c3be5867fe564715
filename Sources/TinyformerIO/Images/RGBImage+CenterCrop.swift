// Center cropping (with zero padding) as Hugging Face's `center_crop`.

extension RGBImage {
    /// The central `size` region, exactly as Hugging Face's `image_transforms.center_crop`: the
    /// crop starts at `(height - size.height) // 2` rows and `(width - size.width) // 2` columns
    /// (floor division); where the image is smaller than the crop it is first padded with zeros
    /// (black), `ceil(missing / 2)` before and the rest after. The result is always `size`.
    ///
    /// Transparency is not kept (the result has no `alpha`). Throws `.invalidArgument` for sizes below 1.
    public func centerCropped(to size: ImageSize) throws(ImageError) -> RGBImage {
        guard size.width >= 1, size.height >= 1 else {
            throw .invalidArgument(reason: "center crop to \(size) (expected at least 1×1)")
        }
        let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
        guard !overflow, pixels <= Int.max / 3 else {
            throw .invalidArgument(reason: "center crop to \(size) overflows")
        }
        let top = Self.cropStart(length: height, crop: size.height)
        let left = Self.cropStart(length: width, crop: size.width)
        var out = [UInt8](repeating: 0, count: pixels * 3)
        let columns = max(0, left)..<min(width, left + size.width)
        guard !columns.isEmpty else { return RGBImage(uncheckedWidth: size.width, height: size.height, bytes: out, alpha: nil) }
        for row in max(0, top)..<min(height, top + size.height) {
            let source = (row * width + columns.lowerBound) * 3
            let destination = ((row - top) * size.width + (columns.lowerBound - left)) * 3
            out.replaceSubrange(destination..<destination + columns.count * 3, with: bytes[source..<source + columns.count * 3])
        }
        return RGBImage(uncheckedWidth: size.width, height: size.height, bytes: out, alpha: nil)
    }

    /// Where the crop begins in the original coordinates (negative: padding before the image).
    /// HF: `(length - crop) // 2`, and when padding, the image moves `ceil((crop - length) / 2)`
    /// in and the crop starts at `max(0, start + pad)` of the padded image.
    static func cropStart(length: Int, crop: Int) -> Int {
        let start = floorDivide(length - crop, 2)
        let pad = crop > length ? (crop - length + 1) / 2 : 0
        return max(0, start + pad) - pad
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
