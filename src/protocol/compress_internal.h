/* Shared between the codec files of src/protocol/compress*.c and the record readers. */
#ifndef MOLDAU_PROTOCOL_COMPRESS_INTERNAL_H
#define MOLDAU_PROTOCOL_COMPRESS_INTERNAL_H

#include "moldau/protocol.h"

/* Output of a decompressor: the bytes appended to `out` after `base` may not exceed max_out.
 * The buffer is allowed to hold max_out + 1 bytes so that producing one byte too many is how a
 * decompressor notices the limit without a second pass. */
typedef struct moldau__zout {
    moldau_buf_t *out;
    size_t base;  /* out->len when decompression started */
    size_t limit; /* base + max_out + 1, saturated */
} moldau__zout_t;

/* Bytes that may be written at out->data + out->len now. */
static inline size_t moldau__zout_avail(const moldau__zout_t *z)
{
    size_t end = z->out->cap < z->limit ? z->out->cap : z->limit;
    return end > z->out->len ? end - z->out->len : 0;
}

void moldau__zout_init(moldau__zout_t *z, moldau_buf_t *out, size_t max_out);
/* Makes out->cap - out->len > 0 by growing geometrically, starting from `hint` bytes of room,
 * never beyond z->limit. Returns MOLDAU_ERR_NONE, MOLDAU_ERR__TOO_LARGE when the limit is
 * reached or MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__zout_room(moldau__zout_t *z, size_t hint);
/* Makes room for exactly `n` more bytes (when the decompressed size is known beforehand). */
moldau_err_t moldau__zout_exact(moldau__zout_t *z, size_t n);
/* Checks the final size and, on error, restores out->len. Returns err or TOO_LARGE. */
moldau_err_t moldau__zout_end(moldau__zout_t *z, moldau_err_t err);

moldau_err_t moldau__gzip_compress(int level, const void *in, size_t n, moldau_buf_t *out);
moldau_err_t moldau__gzip_decompress(const void *in, size_t n, moldau__zout_t *z);
moldau_err_t moldau__snappy_compress(const void *in, size_t n, moldau_buf_t *out);
moldau_err_t moldau__snappy_decompress(const void *in, size_t n, moldau__zout_t *z);
moldau_err_t moldau__lz4_compress(int level, const void *in, size_t n, moldau_buf_t *out);
/* legacy_hc: the frame comes from a magic 0 message, whose header checksum Kafka 0.8/0.9
 * computed over the wrong bytes (KAFKA-3160); the checksum byte is then ignored. */
moldau_err_t moldau__lz4_decompress(const void *in, size_t n, moldau__zout_t *z, int legacy_hc);
moldau_err_t moldau__zstd_compress(int level, const void *in, size_t n, moldau_buf_t *out);
moldau_err_t moldau__zstd_decompress(const void *in, size_t n, moldau__zout_t *z);

/* xxHash32 of a short input (< 16 bytes), as the LZ4 frame header checksum uses it. */
uint32_t moldau__xxh32_short(const void *p, size_t n, uint32_t seed);

/* moldau_decompress with the legacy lz4 header quirk selectable (see moldau__lz4_decompress). */
moldau_err_t moldau__decompress(moldau_codec_t codec, const void *in, size_t n, size_t max_out,
                                moldau_buf_t *out, int legacy_lz4);

#endif
