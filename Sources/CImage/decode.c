// Decoding through Debian's libstb (stb_image 2.27). Only declarations are included here: the
// implementation is the shared library, linked as `stb`.
#include "CImage.h"

#include <limits.h>
#include <stb/stb_image.h>

int tf_image_probe(const uint8_t *data, size_t length, int *width, int *height, int *channels) {
    if (length > (size_t)INT_MAX) {
        return -1;
    }
    return stbi_info_from_memory(data, (int)length, width, height, channels) ? 1 : 0;
}

uint8_t *tf_image_decode_rgba(const uint8_t *data, size_t length, int *width, int *height) {
    if (length > (size_t)INT_MAX) {
        return NULL;
    }
    int channels_in_file = 0;
    return stbi_load_from_memory(data, (int)length, width, height, &channels_in_file, 4);
}

void tf_image_free(uint8_t *pixels) {
    stbi_image_free(pixels);
}

const char *tf_image_failure_reason(void) {
    const char *reason = stbi_failure_reason();
    return reason ? reason : "unknown";
}
