/* LZ4 as Kafka uses it: the LZ4 frame format with independent 64 KiB blocks and no content
 * size or checksums (Kafka's Lz4BlockInputStream rejects linked blocks, which liblz4 would
 * otherwise write by default), and the broken header checksum of magic 0 messages. */
#include <string.h>

#include <lz4frame.h>

#include "protocol/compress_internal.h"

#define LZ4_FRAME_MAGIC 0x184D2204u
#define KAFKA_LZ4_DEFAULT_LEVEL 9 /* Kafka's default, which it maps to the fast compressor */

uint32_t moldau__xxh32_short(const void *data, size_t n, uint32_t seed)
{
    /* the five primes of the xxHash32 specification */
    const uint32_t p1 = 2654435761u, p2 = 2246822519u, p3 = 3266489917u, p4 = 668265263u,
                   p5 = 374761393u;
    const uint8_t *p = data;
    uint32_t h = seed + p5 + (uint32_t)n;
    for (; n >= 4; n -= 4, p += 4) {
        uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24;
        h += k * p3;
        h = ((h << 17) | (h >> 15)) * p4;
    }
    for (; n; n--, p++) {
        h += *p * p5;
        h = ((h << 11) | (h >> 21)) * p1;
    }
    h ^= h >> 15;
    h *= p2;
    h ^= h >> 13;
    h *= p3;
    h ^= h >> 16;
    return h;
}

moldau_err_t moldau__lz4_compress(int level, const void *in, size_t n, moldau_buf_t *out)
{
    if (level == MOLDAU_COMPRESSION_LEVEL_DEFAULT)
        level = KAFKA_LZ4_DEFAULT_LEVEL;
    if (level < 1 || level > 17)
        return MOLDAU_ERR__INVALID_ARG;
    LZ4F_preferences_t prefs;
    memset(&prefs, 0, sizeof(prefs));
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
    prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
    prefs.frameInfo.frameType = LZ4F_frame;
    /* liblz4 level 0 is its fast compressor, which is what Kafka's default level means */
    prefs.compressionLevel = level == KAFKA_LZ4_DEFAULT_LEVEL ? 0 : level;
    size_t bound = LZ4F_compressFrameBound(n, &prefs);
    if (LZ4F_isError(bound))
        return MOLDAU_ERR__TOO_LARGE;
    if (moldau_buf_reserve(out, bound))
        return MOLDAU_ERR__NO_MEMORY;
    size_t got = LZ4F_compressFrame(out->data + out->len, bound, in, n, &prefs);
    if (LZ4F_isError(got))
        return MOLDAU_ERR__BAD_COMPRESSION;
    out->len += got;
    return MOLDAU_ERR_NONE;
}

/* Copies the frame header of a magic 0 message into hdr with its checksum byte recomputed
 * over the descriptor only (the standard), since Kafka 0.8/0.9 hashed the magic number too.
 * Returns the header length, or 0 when the input does not start with a whole frame header. */
static size_t fix_legacy_header(const uint8_t *p, size_t n, uint8_t hdr[19])
{
    if (n < 7)
        return 0;
    uint32_t magic = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24;
    if (magic != LZ4_FRAME_MAGIC)
        return 0;
    uint8_t flg = p[4];
    size_t len = 7 + ((flg & 0x08) ? 8 : 0) + ((flg & 0x01) ? 4 : 0);
    if (n < len)
        return 0;
    memcpy(hdr, p, len);
    hdr[len - 1] = (uint8_t)(moldau__xxh32_short(hdr + 4, len - 5, 0) >> 8);
    return len;
}

moldau_err_t moldau__lz4_decompress(const void *in, size_t n, moldau__zout_t *z, int legacy_hc)
{
    LZ4F_dctx *dc;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dc, LZ4F_VERSION)))
        return MOLDAU_ERR__NO_MEMORY;
    moldau_buf_t *b = z->out;
    const uint8_t *src = in;
    size_t left = n;
    moldau_err_t err = MOLDAU_ERR_NONE;
    uint8_t hdr[19];
    size_t hlen = legacy_hc ? fix_legacy_header(src, left, hdr) : 0;
    if (hlen) {
        /* feed the repaired header first; the rest of the frame follows from the input */
        uint8_t none;
        size_t dst_size = 0, src_size = hlen;
        size_t ret = LZ4F_decompress(dc, &none, &dst_size, hdr, &src_size, NULL);
        if (LZ4F_isError(ret) || src_size != hlen)
            err = MOLDAU_ERR__BAD_COMPRESSION;
        src += hlen;
        left -= hlen;
    }
    while (!err) {
        if ((err = moldau__zout_room(z, left * 4)))
            break;
        size_t dst_size = moldau__zout_avail(z), src_size = left;
        size_t ret = LZ4F_decompress(dc, b->data + b->len, &dst_size, src, &src_size, NULL);
        if (LZ4F_isError(ret)) {
            err = MOLDAU_ERR__BAD_COMPRESSION;
            break;
        }
        src += src_size;
        left -= src_size;
        b->len += dst_size;
        if (ret == 0)
            break; /* end of the frame: like Kafka's reader, read only the first one */
        if (dst_size == 0 && src_size == 0) {
            err = MOLDAU_ERR__BAD_COMPRESSION; /* truncated */
            break;
        }
    }
    LZ4F_freeDecompressionContext(dc);
    return err;
}
