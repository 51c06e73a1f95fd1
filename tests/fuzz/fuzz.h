/* Shared shape of the response-decoder fuzz targets: the first byte picks the version (modulo
 * the API's supported range), the rest is the response body. A decoder may reject the input but
 * must never crash, hang, read out of bounds or leak: the arena is freed whatever happens. */
#ifndef MOLDAU_FUZZ_H
#define MOLDAU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "moldau/protocol.h"

#define MOLDAU_FUZZ_RESPONSE(api_key, T, decode_fn)                                               \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                 \
    {                                                                                             \
        const moldau_api_info_t *api = moldau_api_info(api_key);                                 \
        if (!api || size < 1)                                                                     \
            return 0;                                                                             \
        int16_t version = (int16_t)(api->min_version +                                           \
                                    data[0] % (api->max_version - api->min_version + 1));        \
        moldau_reader_t r;                                                                        \
        moldau_reader_init(&r, data + 1, size - 1);                                               \
        moldau_arena_t arena;                                                                     \
        moldau_arena_init(&arena);                                                                \
        T out;                                                                                    \
        memset(&out, 0, sizeof(out));                                                             \
        (void)decode_fn(&r, version, &arena, &out);                                               \
        moldau_arena_free(&arena);                                                                \
        return 0;                                                                                 \
    }

#endif
