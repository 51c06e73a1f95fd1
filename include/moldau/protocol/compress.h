/*
 * moldau codec: compression of record data (RECORD_FORMAT.md §6). Included by moldau/protocol.h.
 *
 * The framings are the ones the Java client writes and reads:
 *  - gzip:   an RFC 1952 gzip stream (not zlib, not raw deflate); concatenated members are read;
 *  - snappy: written with xerial snappy-java's stream framing (16-byte header, then blocks of
 *            int32 length + raw snappy block, each from at most 32 KiB of input); read as xerial
 *            framing or, when the header is absent, as one raw snappy block;
 *  - lz4:    the LZ4 frame format with independent 64 KiB blocks and no checksums, header
 *            `04 22 4d 18 60 40 82`; only the first frame is read;
 *  - zstd:   Zstandard frames; frames without a content size are read.
 */
#ifndef MOLDAU_PROTOCOL_COMPRESS_H
#define MOLDAU_PROTOCOL_COMPRESS_H
#include "moldau/protocol/core.h"

#include <limits.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The codec numbers are the wire values (attribute bits 0-2 of a record batch). */
typedef enum moldau_codec {
    MOLDAU_CODEC_NONE = 0,
    MOLDAU_CODEC_GZIP = 1,
    MOLDAU_CODEC_SNAPPY = 2,
    MOLDAU_CODEC_LZ4 = 3,
    MOLDAU_CODEC_ZSTD = 4
} moldau_codec_t;

/* The codec's own default level (gzip: zlib's default; lz4: Kafka's 9, the fast compressor;
 * zstd: 3). Any other level is passed to the library: gzip 1-9, lz4 1-17 (levels >= 3 other
 * than 9 use LZ4-HC, as Kafka does), zstd -131072..22. Snappy has no levels. */
#define MOLDAU_COMPRESSION_LEVEL_DEFAULT INT_MIN

/* "none", "gzip", "snappy", "lz4", "zstd" (Kafka's compression.type values), or NULL. */
const char *moldau_codec_name(moldau_codec_t codec);
/* The codec for a compression.type name; -1 when the name is unknown. */
int moldau_codec_from_name(const char *name);

/* Compresses n bytes at `in` and APPENDS the compressed stream to `out` (its earlier content
 * is kept). MOLDAU_CODEC_NONE appends the input as is.
 * Returns MOLDAU_ERR_NONE, MOLDAU_ERR__BAD_COMPRESSION (unknown codec or a library failure),
 * MOLDAU_ERR__INVALID_ARG (level out of range) or MOLDAU_ERR__NO_MEMORY. On error out->len is
 * restored to what it was. */
moldau_err_t moldau_compress(moldau_codec_t codec, int level, const void *in, size_t n,
                             moldau_buf_t *out);

/* Decompresses n bytes at `in` and APPENDS the result to `out`. At most `max_out` bytes are
 * appended and `out` never grows beyond its earlier length + max_out (+ a small constant), so
 * a hostile payload cannot make moldau allocate more than the caller allows.
 * Returns MOLDAU_ERR_NONE; MOLDAU_ERR__TOO_LARGE when the data would decompress to more than
 * max_out bytes; MOLDAU_ERR__BAD_COMPRESSION for an unknown codec, corrupt or truncated data;
 * MOLDAU_ERR__NO_MEMORY. On error out->len is restored to what it was. */
moldau_err_t moldau_decompress(moldau_codec_t codec, const void *in, size_t n, size_t max_out,
                               moldau_buf_t *out);

#ifdef __cplusplus
}
#endif
#endif
