/* Snappy as Kafka uses it: the xerial snappy-java stream framing on write (what the Java
 * producer sends), and on read either that framing or one raw snappy block (what
 * SnappyInputStream falls back to when the header is missing). */
#include <string.h>

#include <snappy-c.h>

#include "protocol/compress_internal.h"

static const uint8_t xerial_magic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
#define XERIAL_HEADER_LEN 16
#define XERIAL_BLOCK 32768                 /* snappy-java's default block size */
#define XERIAL_MAX_CHUNK (512u << 20)      /* SnappyInputStream's limit on a chunk length */

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

moldau_err_t moldau__snappy_compress(const void *in, size_t n, moldau_buf_t *out)
{
    /* magic, version 1, compatible version 1 */
    static const uint8_t header[XERIAL_HEADER_LEN] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0,
                                                      0, 0, 0, 1, 0, 0, 0, 1};
    moldau_buf_put(out, header, sizeof(header));
    const char *src = in;
    for (size_t off = 0; off < n; off += XERIAL_BLOCK) {
        size_t len = n - off < XERIAL_BLOCK ? n - off : XERIAL_BLOCK;
        size_t room = snappy_max_compressed_length(len);
        if (moldau_buf_reserve(out, 4 + room))
            return MOLDAU_ERR__NO_MEMORY;
        uint8_t *p = out->data + out->len;
        if (snappy_compress(src + off, len, (char *)p + 4, &room) != SNAPPY_OK)
            return MOLDAU_ERR__BAD_COMPRESSION;
        p[0] = (uint8_t)(room >> 24);
        p[1] = (uint8_t)(room >> 16);
        p[2] = (uint8_t)(room >> 8);
        p[3] = (uint8_t)room;
        out->len += 4 + room;
    }
    return out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
}

static moldau_err_t raw_block(const uint8_t *p, size_t n, moldau__zout_t *z)
{
    size_t ulen;
    if (snappy_uncompressed_length((const char *)p, n, &ulen) != SNAPPY_OK)
        return MOLDAU_ERR__BAD_COMPRESSION;
    moldau_err_t err = moldau__zout_exact(z, ulen); /* the size is known: allocate it once */
    if (err)
        return err;
    moldau_buf_t *b = z->out;
    size_t got = ulen;
    if (snappy_uncompress((const char *)p, n, (char *)b->data + b->len, &got) != SNAPPY_OK ||
        got != ulen)
        return MOLDAU_ERR__BAD_COMPRESSION;
    b->len += got;
    return MOLDAU_ERR_NONE;
}

static int is_xerial_header(const uint8_t *p, size_t n)
{
    return n >= XERIAL_HEADER_LEN && memcmp(p, xerial_magic, sizeof(xerial_magic)) == 0;
}

moldau_err_t moldau__snappy_decompress(const void *in, size_t n, moldau__zout_t *z)
{
    const uint8_t *p = in;
    if (!is_xerial_header(p, n))
        return raw_block(p, n, z);
    size_t pos = 0;
    while (pos < n) {
        if (n - pos < 4)
            return MOLDAU_ERR__BAD_COMPRESSION;
        /* a chunk length that reads as the magic's first bytes starts a concatenated stream */
        if (memcmp(p + pos, xerial_magic, 4) == 0) {
            if (!is_xerial_header(p + pos, n - pos))
                return MOLDAU_ERR__BAD_COMPRESSION;
            /* SnappyInputStream refuses streams whose compatible version is below 1 */
            if ((int32_t)get_be32(p + pos + 12) < 1)
                return MOLDAU_ERR__BAD_COMPRESSION;
            pos += XERIAL_HEADER_LEN;
            continue;
        }
        uint32_t len = get_be32(p + pos);
        pos += 4;
        if (len > XERIAL_MAX_CHUNK || len > n - pos)
            return MOLDAU_ERR__BAD_COMPRESSION;
        moldau_err_t err = raw_block(p + pos, len, z);
        if (err)
            return err;
        pos += len;
    }
    return MOLDAU_ERR_NONE;
}
