// Decoding: baseline and progressive JPEG through Debian's libjpeg-turbo (the library Pillow
// decodes JPEG with, so the pixels are Pillow's bit for bit), everything else through Debian's
// libstb (stb_image 2.27). Only declarations are included here: the implementations are the
// shared libraries, linked as `jpeg` and `stb`.
#include "CImage.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <stb/stb_image.h>

// This thread's last libjpeg failure: its message, and whether the last failure was libjpeg's
// (otherwise stb_image's reason is the one to report).
static _Thread_local char jpeg_reason[JMSG_LENGTH_MAX];
static _Thread_local int jpeg_failed;

struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf escape;
};

// libjpeg's default error_exit calls exit(): keep the message and unwind to the decoder instead.
static void jpeg_fail(j_common_ptr cinfo) {
    struct jpeg_failure *failure = (struct jpeg_failure *)cinfo->err;
    cinfo->err->format_message(cinfo, jpeg_reason);
    jpeg_failed = 1;
    longjmp(failure->escape, 1);
}

// Warnings are silent (the default prints to stderr), except running out of data, which leaves
// the rest of the image grey: Pillow refuses such a file ("image file is truncated"), and so do we.
static void jpeg_message(j_common_ptr cinfo, int level) {
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) jpeg_fail(cinfo);
}

static int is_jpeg(const uint8_t *data, size_t length) {
    return length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

// RGBA through libjpeg-turbo, or NULL with jpeg_reason set. *fallback is set instead when the
// colour space is one libjpeg cannot turn into RGB (CMYK, YCCK): stb_image decodes those.
static uint8_t *decode_jpeg(const uint8_t *data, size_t length, int *width, int *height, int *fallback) {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_failure failure;
    uint8_t *volatile pixels = NULL;
    cinfo.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    failure.manager.emit_message = jpeg_message;
    *fallback = 0;
    if (setjmp(failure.escape)) {
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)length);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        *fallback = 1;
        return NULL;
    }
    cinfo.out_color_space = JCS_EXT_RGBA;  // grey is replicated, alpha is 255: Pillow's convert("RGB")
    jpeg_start_decompress(&cinfo);
    const size_t stride = (size_t)cinfo.output_width * 4;
    pixels = malloc(stride * cinfo.output_height);
    if (!pixels) {
        strcpy(jpeg_reason, "out of memory");
        jpeg_failed = 1;
        jpeg_destroy_decompress(&cinfo);
        return NULL;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + cinfo.output_scanline * stride;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    *width = (int)cinfo.output_width;
    *height = (int)cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    return pixels;
}

int tf_image_probe(const uint8_t *data, size_t length, int *width, int *height, int *channels) {
    jpeg_failed = 0;
    if (length > (size_t)INT_MAX) {
        return -1;
    }
    return stbi_info_from_memory(data, (int)length, width, height, channels) ? 1 : 0;
}

uint8_t *tf_image_decode_rgba(const uint8_t *data, size_t length, int *width, int *height) {
    jpeg_failed = 0;
    if (length > (size_t)INT_MAX) {
        return NULL;
    }
    if (is_jpeg(data, length)) {
        int fallback = 0;
        uint8_t *pixels = decode_jpeg(data, length, width, height, &fallback);
        if (pixels || !fallback) return pixels;
    }
    int channels_in_file = 0;
    return stbi_load_from_memory(data, (int)length, width, height, &channels_in_file, 4);
}

// Both decoders' buffers come from malloc: libstb is built with stb_image's default STBI_MALLOC.
void tf_image_free(uint8_t *pixels) {
    free(pixels);
}

const char *tf_image_failure_reason(void) {
    if (jpeg_failed) return jpeg_reason;
    const char *reason = stbi_failure_reason();
    return reason ? reason : "unknown";
}
