// A resampler that gives the same bytes as Pillow 13's Image.resize for 8-bit images with the
// BICUBIC and BILINEAR filters (written from the algorithm of Pillow's libImaging/Resample.c):
//
// * per output coordinate i of a dimension scaled from `in` to `out` samples:
//   scale = in / out, stretch = max(scale, 1), support = filter support * stretch,
//   center = (i + 0.5) * scale, taps j in [trunc(center - support + 0.5), trunc(center + support + 0.5))
//   clipped to [0, in), weight(j) = filter((j - center + 0.5) / stretch), normalised to sum 1;
// * weights become 22-bit fixed point, rounded half away from zero;
// * two passes, each accumulating from 2^21 (rounding) and keeping clip(sum >> 22, 0, 255): the
//   horizontal pass (over only the rows the vertical pass reads) then the vertical one — except
//   when the height shrinks by more than twice as many pixels as the width
//   (in_h - out_h > 2 (in_w - out_w)), where Pillow 13 runs the vertical pass first. Pillow 12
//   and older always ran the horizontal pass first, so for such sizes their bytes differ slightly.
//
// The arithmetic is done in the same order as Pillow's, in double precision without contraction
// into fused multiply-adds (the target is compiled with -ffp-contract=off), so the weights and
// hence the bytes are identical.
#include "CImage.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { PRECISION_BITS = 32 - 8 - 2 };

static double bicubic_kernel(double x) {
    const double a = -0.5;
    if (x < 0.0) {
        x = -x;
    }
    if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
}

static double bilinear_kernel(double x) {
    if (x < 0.0) {
        x = -x;
    }
    if (x < 1.0) {
        return 1.0 - x;
    }
    return 0.0;
}

/// The taps of one dimension: for output i, `first[i]` is the first input sample, `count[i]` how
/// many follow, and `weights[i * width ...]` their fixed-point weights.
typedef struct {
    int width;
    int *first;
    int *count;
    int32_t *weights;
} taps_t;

static void taps_free(taps_t *taps) {
    free(taps->first);
    free(taps->count);
    free(taps->weights);
}

/// Builds the taps scaling `in_size` samples to `out_size`. Returns 0, or -2 when out of memory.
static int taps_make(int in_size, int out_size, int filter, taps_t *taps) {
    double (*kernel)(double) = filter == TF_RESAMPLE_BICUBIC ? bicubic_kernel : bilinear_kernel;
    double kernel_support = filter == TF_RESAMPLE_BICUBIC ? 2.0 : 1.0;

    // Pillow passes the box edges as float: (float)in_size - 0.0f, then divides in double.
    double scale = (double)((float)in_size - 0.0f) / out_size;
    double stretch = scale < 1.0 ? 1.0 : scale;
    double support = kernel_support * stretch;
    double inverse_stretch = 1.0 / stretch;
    double width = ceil(support) * 2 + 1;
    memset(taps, 0, sizeof *taps);
    if (width > (double)(INT_MAX / 8) || (double)out_size * width > (double)(SIZE_MAX / 16)) {
        return -2;
    }
    taps->width = (int)width;
    taps->first = malloc((size_t)out_size * sizeof(int));
    taps->count = malloc((size_t)out_size * sizeof(int));
    taps->weights = calloc((size_t)out_size * (size_t)taps->width, sizeof(int32_t));
    double *w = malloc((size_t)taps->width * sizeof(double));
    if (!taps->first || !taps->count || !taps->weights || !w) {
        free(w);
        taps_free(taps);
        return -2;
    }
    for (int i = 0; i < out_size; i++) {
        double center = 0.0 + (i + 0.5) * scale;
        int lo = (int)(center - support + 0.5);
        int hi = (int)(center + support + 0.5);
        if (lo < 0) {
            lo = 0;
        }
        if (hi > in_size) {
            hi = in_size;
        }
        int n = hi - lo;
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
            w[j] = kernel((j + lo - center + 0.5) * inverse_stretch);
            sum += w[j];
        }
        int32_t *out = taps->weights + (size_t)i * (size_t)taps->width;
        for (int j = 0; j < n; j++) {
            double v = sum != 0.0 ? w[j] / sum : w[j];
            out[j] = v < 0 ? (int32_t)(-0.5 + v * (1 << PRECISION_BITS))
                           : (int32_t)(0.5 + v * (1 << PRECISION_BITS));
        }
        taps->first[i] = lo;
        taps->count[i] = n > 0 ? n : 0;
    }
    free(w);
    return 0;
}

static inline uint8_t clip8(int32_t sum) {
    int32_t v = sum >> PRECISION_BITS;  // arithmetic shift, as Pillow
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

/// Filters `rows` rows along x: `in` rows of in_width pixels, `out` rows of out_width pixels.
static void pass_horizontal(const uint8_t *in, int in_width, uint8_t *out, int out_width, int rows,
                            int channels, const taps_t *taps) {
    size_t in_stride = (size_t)in_width * channels, out_stride = (size_t)out_width * channels;
    for (int y = 0; y < rows; y++) {
        const uint8_t *line = in + (size_t)y * in_stride;
        uint8_t *dst = out + (size_t)y * out_stride;
        for (int x = 0; x < out_width; x++) {
            const int32_t *k = taps->weights + (size_t)x * taps->width;
            const uint8_t *src = line + (size_t)taps->first[x] * channels;
            int n = taps->count[x];
            if (channels == 3) {
                int32_t s0 = 1 << (PRECISION_BITS - 1), s1 = s0, s2 = s0;
                for (int j = 0; j < n; j++) {
                    s0 += src[3 * j] * k[j];
                    s1 += src[3 * j + 1] * k[j];
                    s2 += src[3 * j + 2] * k[j];
                }
                dst[3 * x] = clip8(s0);
                dst[3 * x + 1] = clip8(s1);
                dst[3 * x + 2] = clip8(s2);
                continue;
            }
            for (int c = 0; c < channels; c++) {
                int32_t sum = 1 << (PRECISION_BITS - 1);
                for (int j = 0; j < n; j++) {
                    sum += src[j * channels + c] * k[j];
                }
                dst[x * channels + c] = clip8(sum);
            }
        }
    }
}

/// Filters along y: output row y reads input rows first[y] - row_offset ... of `in`. `sums` is
/// scratch for one row of width * channels accumulators (integer sums in any order are exact, so
/// accumulating tap by tap over whole rows gives Pillow's values).
static void pass_vertical(const uint8_t *in, uint8_t *out, int width, int out_height, int channels,
                          int row_offset, const taps_t *taps, int32_t *sums) {
    size_t stride = (size_t)width * channels;
    for (int y = 0; y < out_height; y++) {
        const int32_t *k = taps->weights + (size_t)y * taps->width;
        const uint8_t *top = in + (size_t)(taps->first[y] - row_offset) * stride;
        int n = taps->count[y];
        for (size_t i = 0; i < stride; i++) {
            sums[i] = 1 << (PRECISION_BITS - 1);
        }
        for (int j = 0; j < n; j++) {
            const uint8_t *row = top + (size_t)j * stride;
            int32_t weight = k[j];
            for (size_t i = 0; i < stride; i++) {
                sums[i] += row[i] * weight;
            }
        }
        uint8_t *dst = out + (size_t)y * stride;
        for (size_t i = 0; i < stride; i++) {
            dst[i] = clip8(sums[i]);
        }
    }
}

int tf_image_resample(const uint8_t *input, int in_width, int in_height, int channels,
                      uint8_t *output, int out_width, int out_height, int filter) {
    if (!input || !output || in_width < 1 || in_height < 1 || out_width < 1 || out_height < 1 ||
        channels < 1 || channels > 4 || (filter != TF_RESAMPLE_BICUBIC && filter != TF_RESAMPLE_BILINEAR)) {
        return -1;
    }
    int horizontal = out_width != in_width;
    int vertical = out_height != in_height;
    if (!horizontal && !vertical) {
        memcpy(output, input, (size_t)in_width * (size_t)in_height * (size_t)channels);
        return 0;
    }
    taps_t rows_taps, cols_taps;
    if (taps_make(in_height, out_height, filter, &rows_taps) != 0) {
        return -2;
    }
    // One row of accumulators for the vertical pass, as wide as the wider of its inputs.
    size_t widest = (size_t)(in_width > out_width ? in_width : out_width) * (size_t)channels;
    int32_t *sums = vertical ? malloc(widest * sizeof(int32_t)) : NULL;
    if (vertical && !sums) {
        taps_free(&rows_taps);
        return -2;
    }
    int status = 0;
    int vertical_first = (in_height - out_height) > 0 && (in_height - out_height) > (in_width - out_width) * 2;
    if (horizontal) {
        if (taps_make(in_width, out_width, filter, &cols_taps) != 0) {
            free(sums);
            taps_free(&rows_taps);
            return -2;
        }
        if (!vertical) {
            pass_horizontal(input, in_width, output, out_width, in_height, channels, &cols_taps);
        } else if (vertical_first) {
            uint8_t *temp = malloc((size_t)out_height * (size_t)in_width * (size_t)channels);
            if (!temp) {
                status = -2;
            } else {
                pass_vertical(input, temp, in_width, out_height, channels, 0, &rows_taps, sums);
                pass_horizontal(temp, in_width, output, out_width, out_height, channels, &cols_taps);
                free(temp);
            }
        } else {
            // Only the rows the vertical pass reads.
            int first_row = rows_taps.first[0];
            int last_row = rows_taps.first[out_height - 1] + rows_taps.count[out_height - 1];
            int rows = last_row - first_row;
            uint8_t *temp = malloc((size_t)(rows > 0 ? rows : 1) * (size_t)out_width * (size_t)channels);
            if (!temp) {
                status = -2;
            } else {
                pass_horizontal(input + (size_t)first_row * (size_t)in_width * channels, in_width, temp,
                                out_width, rows, channels, &cols_taps);
                pass_vertical(temp, output, out_width, out_height, channels, first_row, &rows_taps, sums);
                free(temp);
            }
        }
        taps_free(&cols_taps);
    } else {
        pass_vertical(input, output, in_width, out_height, channels, 0, &rows_taps, sums);
    }
    free(sums);
    taps_free(&rows_taps);
    return status;
}
