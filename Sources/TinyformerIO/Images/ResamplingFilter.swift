// The resampling filters of `RGBImage.resized`, numbered as PIL's `Image.Resampling`.

/// A convolution filter reproducing PIL's of the same name; the raw value is PIL's number, as
/// stored in `preprocessor_config.json`'s `resample`.
public enum ResamplingFilter: Int, CaseIterable, Equatable, Sendable {
    /// Triangle filter, support 1 (PIL `BILINEAR` = 2).
    case bilinear = 2
    /// Keys' cubic convolution with a = −0.5, support 2 (PIL `BICUBIC` = 3): CLIP's filter.
    case bicubic = 3
}
