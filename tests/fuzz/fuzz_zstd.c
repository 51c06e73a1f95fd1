/* The zstd decompressor on arbitrary bytes with a 1 MiB limit; then the input is compressed
 * and must decompress to itself. */
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/compress_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    moldau_buf_t out;
    moldau_buf_init(&out);
    (void)moldau_decompress(MOLDAU_CODEC_ZSTD, data, size, 1 << 20, &out);
    if (out.len > (1 << 20))
        abort();

    moldau_buf_t z;
    moldau_buf_init(&z);
    moldau_buf_reset(&out);
    if (moldau_compress(MOLDAU_CODEC_ZSTD, MOLDAU_COMPRESSION_LEVEL_DEFAULT, data, size, &z) == 0) {
        if (moldau_decompress(MOLDAU_CODEC_ZSTD, z.data, z.len, size, &out) != MOLDAU_ERR_NONE ||
            out.len != size || (size && memcmp(out.data, data, size) != 0))
            abort();
    }
    moldau_buf_free(&z);
    moldau_buf_free(&out);
    return 0;
}
