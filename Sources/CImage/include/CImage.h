// Tinyformer's C shim over libjpeg-turbo (JPEG decoding, Debian's libjpeg62-turbo), stb_image and
// stb_image_write (everything else, Debian's libstb) and a Pillow-compatible resampler. This is the
// only code that includes jpeglib.h / stb_image.h / stb_image_write.h. Pixels are interleaved
// 8-bit channels, row-major, top row first: (H, W, C).
#ifndef TINYFORMER_CIMAGE_H
#define TINYFORMER_CIMAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- Decoding (libjpeg-turbo for JPEG, stb_image for the rest) ------------------------------

/// Reads an encoded image's width, height and channel count (1 grey, 2 grey + alpha, 3 RGB,
/// 4 RGBA) from its header without decoding the pixels. Returns 1 on success, 0 when stb_image
/// does not recognise or cannot parse the header (tf_image_failure_reason says why), -1 when
/// `length` exceeds stb_image's limit of INT_MAX bytes.
int tf_image_probe(const uint8_t *data, size_t length, int *width, int *height, int *channels);

/// Decodes the image (a GIF's first frame) to 8-bit RGBA, (H, W, 4): grey is expanded, alpha is
/// 255 where the file has none. JPEG goes through libjpeg-turbo with its default (islow) IDCT and
/// fancy upsampling, which is what Pillow does, so the pixels equal Pillow's; a JPEG whose data
/// ends early is refused. CMYK / YCCK JPEGs, which libjpeg cannot turn into RGB, go to stb_image.
/// Returns a buffer the caller releases with tf_image_free, or NULL (tf_image_failure_reason says
/// why; `length` over INT_MAX also gives NULL).
uint8_t *tf_image_decode_rgba(const uint8_t *data, size_t length, int *width, int *height);

/// Releases a buffer returned by tf_image_decode_rgba (NULL is allowed).
void tf_image_free(uint8_t *pixels);

/// The decoder's reason for this thread's last failure: libjpeg's message for a JPEG it refused,
/// else stb_image's (a short string, never NULL).
const char *tf_image_failure_reason(void);

// ---- Encoding (stb_image_write) --------------------------------------------------------------

/// Encodes `pixels` (height, width, channels; 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA) as a PNG
/// file held in memory (stb_image_write's zlib compression and filters). Returns a buffer the
/// caller releases with tf_image_free_encoded and sets `length`, or NULL (invalid sizes, memory).
uint8_t *tf_image_encode_png(const uint8_t *pixels, int width, int height, int channels, size_t *length);

/// Releases a buffer returned by tf_image_encode_png (NULL is allowed).
void tf_image_free_encoded(uint8_t *bytes);

// ---- Resampling (Pillow's 8-bit convolution resize) ------------------------------------------

/// Filters of tf_image_resample, as Pillow's Image.Resampling.BICUBIC (a = -0.5, support 2) and
/// BILINEAR (triangle, support 1).
enum { TF_RESAMPLE_BICUBIC = 0, TF_RESAMPLE_BILINEAR = 1 };

/// Resizes `input` (in_height, in_width, channels) into `output` (out_height, out_width, channels)
/// exactly as Pillow 13's Image.resize(size, filter) does for 8-bit images: two separable passes
/// (horizontal first, unless the height shrinks by more than twice as many pixels as the width),
/// the filter stretched by the scale factor when shrinking (antialiasing), weights normalised per
/// output pixel and rounded to 22-bit fixed point, each pass rounded and clipped to 8 bits. A
/// dimension that keeps its size is not filtered. Returns 0 on success, -1 on invalid arguments
/// (sizes < 1, channels outside 1...4, unknown filter), -2 when memory could not be allocated.
int tf_image_resample(const uint8_t *input, int in_width, int in_height, int channels,
                      uint8_t *output, int out_width, int out_height, int filter);

#ifdef __cplusplus
}
#endif

#endif
