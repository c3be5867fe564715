// PNG encoding through Debian's libstb (stb_image_write). Only declarations are included here:
// the implementation is the shared library, linked as `stb`.
#include "CImage.h"

#include <stdlib.h>
#include <string.h>
#include <stb/stb_image_write.h>

typedef struct {
    uint8_t *data;
    size_t length;
    size_t capacity;
    int failed;
} tf_growing_buffer;

static void tf_append(void *context, void *data, int size) {
    tf_growing_buffer *buffer = (tf_growing_buffer *)context;
    if (buffer->failed || size <= 0) {
        return;
    }
    size_t needed = buffer->length + (size_t)size;
    if (needed > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < needed) {
            capacity *= 2;
        }
        uint8_t *grown = (uint8_t *)realloc(buffer->data, capacity);
        if (!grown) {
            buffer->failed = 1;
            return;
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, data, (size_t)size);
    buffer->length = needed;
}

uint8_t *tf_image_encode_png(const uint8_t *pixels, int width, int height, int channels, size_t *length) {
    *length = 0;
    if (width < 1 || height < 1 || channels < 1 || channels > 4 || width > (1 << 24) / channels) {
        return NULL;
    }
    tf_growing_buffer buffer = {NULL, 0, 0, 0};
    int ok = stbi_write_png_to_func(tf_append, &buffer, width, height, channels, pixels, width * channels);
    if (!ok || buffer.failed) {
        free(buffer.data);
        return NULL;
    }
    *length = buffer.length;
    return buffer.data;
}

void tf_image_free_encoded(uint8_t *bytes) {
    free(bytes);
}
