/* Compression entry points, the bounded output buffer every decompressor writes into, and the
 * two codecs whose libraries need no framing of our own: gzip (zlib) and zstd.
 * Snappy and lz4 live in compress_snappy.c and compress_lz4.c. */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "protocol/compress_internal.h"

static const char *const codec_names[] = {"none", "gzip", "snappy", "lz4", "zstd"};

const char *moldau_codec_name(moldau_codec_t codec)
{
    if ((unsigned)codec >= sizeof(codec_names) / sizeof(codec_names[0]))
        return NULL;
    return codec_names[codec];
}

int moldau_codec_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof(codec_names) / sizeof(codec_names[0]); i++)
        if (strcmp(name, codec_names[i]) == 0)
            return (int)i;
    return -1;
}

moldau_err_t moldau_compress(moldau_codec_t codec, int level, const void *in, size_t n,
                             moldau_buf_t *out)
{
    size_t old = out->len;
    moldau_err_t err;
    if (out->failed)
        return MOLDAU_ERR__NO_MEMORY;
    switch (codec) {
    case MOLDAU_CODEC_NONE:
        moldau_buf_put(out, in, n);
        err = out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
        break;
    case MOLDAU_CODEC_GZIP: err = moldau__gzip_compress(level, in, n, out); break;
    case MOLDAU_CODEC_SNAPPY: err = moldau__snappy_compress(in, n, out); break;
    case MOLDAU_CODEC_LZ4: err = moldau__lz4_compress(level, in, n, out); break;
    case MOLDAU_CODEC_ZSTD: err = moldau__zstd_compress(level, in, n, out); break;
    default: err = MOLDAU_ERR__BAD_COMPRESSION; break;
    }
    if (err) {
        /* a failed allocation is sticky in the writer; the caller sees it in the return value
         * and may reuse the buffer */
        out->failed = 0;
        out->len = old;
    }
    return err;
}

moldau_err_t moldau__decompress(moldau_codec_t codec, const void *in, size_t n, size_t max_out,
                                moldau_buf_t *out, int legacy_lz4)
{
    if (out->failed)
        return MOLDAU_ERR__NO_MEMORY;
    moldau__zout_t z;
    moldau__zout_init(&z, out, max_out);
    moldau_err_t err;
    switch (codec) {
    case MOLDAU_CODEC_NONE:
        err = moldau__zout_exact(&z, n);
        if (!err && n > max_out)
            err = MOLDAU_ERR__TOO_LARGE;
        if (!err && n) {
            memcpy(out->data + out->len, in, n);
            out->len += n;
        }
        break;
    case MOLDAU_CODEC_GZIP: err = moldau__gzip_decompress(in, n, &z); break;
    case MOLDAU_CODEC_SNAPPY: err = moldau__snappy_decompress(in, n, &z); break;
    case MOLDAU_CODEC_LZ4: err = moldau__lz4_decompress(in, n, &z, legacy_lz4); break;
    case MOLDAU_CODEC_ZSTD: err = moldau__zstd_decompress(in, n, &z); break;
    default: err = MOLDAU_ERR__BAD_COMPRESSION; break;
    }
    return moldau__zout_end(&z, err);
}

moldau_err_t moldau_decompress(moldau_codec_t codec, const void *in, size_t n, size_t max_out,
                               moldau_buf_t *out)
{
    return moldau__decompress(codec, in, n, max_out, out, 0);
}

/* ---- bounded output --------------------------------------------------------------------- */

void moldau__zout_init(moldau__zout_t *z, moldau_buf_t *out, size_t max_out)
{
    z->out = out;
    z->base = out->len;
    z->limit = out->len + max_out + 1;
    if (z->limit <= out->len) /* saturate instead of wrapping */
        z->limit = SIZE_MAX;
}

/* Grows the capacity to exactly `cap`: moldau_buf_reserve would round up to a power of two and
 * so could allocate twice the limit. */
static moldau_err_t set_cap(moldau_buf_t *b, size_t cap)
{
    if (cap <= b->cap)
        return MOLDAU_ERR_NONE;
    uint8_t *p = realloc(b->data, cap);
    if (!p)
        return MOLDAU_ERR__NO_MEMORY;
    b->data = p;
    b->cap = cap;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__zout_room(moldau__zout_t *z, size_t hint)
{
    moldau_buf_t *b = z->out;
    if (moldau__zout_avail(z))
        return MOLDAU_ERR_NONE;
    if (b->len >= z->limit)
        return MOLDAU_ERR__TOO_LARGE;
    size_t used = b->len - z->base;
    size_t room = used > hint ? used : hint; /* doubles what was produced so far */
    if (room < 256)
        room = 256;
    size_t cap = z->limit - b->len > room ? b->len + room : z->limit;
    return set_cap(b, cap);
}

moldau_err_t moldau__zout_exact(moldau__zout_t *z, size_t n)
{
    moldau_buf_t *b = z->out;
    if (n >= z->limit - b->len)
        return MOLDAU_ERR__TOO_LARGE;
    return set_cap(b, b->len + (n ? n : 1));
}

moldau_err_t moldau__zout_end(moldau__zout_t *z, moldau_err_t err)
{
    if (!err && z->out->len >= z->limit)
        err = MOLDAU_ERR__TOO_LARGE;
    if (err)
        z->out->len = z->base;
    return err;
}

/* ---- gzip ------------------------------------------------------------------------------- */

/* zlib counts in uInt; feed inputs and outputs of any size in pieces it can take. */
static uInt clamp_uint(size_t n) { return n > UINT32_MAX ? UINT32_MAX : (uInt)n; }

moldau_err_t moldau__gzip_compress(int level, const void *in, size_t n, moldau_buf_t *out)
{
    if (level == MOLDAU_COMPRESSION_LEVEL_DEFAULT)
        level = Z_DEFAULT_COMPRESSION;
    if (level != Z_DEFAULT_COMPRESSION && (level < 1 || level > 9))
        return MOLDAU_ERR__INVALID_ARG;
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    /* windowBits 15 + 16: a gzip wrapper, which is what GZIPInputStream expects */
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_err_t err = MOLDAU_ERR_NONE;
    const uint8_t *src = in;
    size_t left = n;
    int ret = Z_OK;
    while (ret != Z_STREAM_END) {
        if (moldau_buf_reserve(out, left < 65536 ? deflateBound(&zs, (uLong)left) : 65536)) {
            err = MOLDAU_ERR__NO_MEMORY;
            break;
        }
        zs.next_in = (Bytef *)(uintptr_t)src;
        zs.avail_in = clamp_uint(left);
        zs.next_out = out->data + out->len;
        zs.avail_out = clamp_uint(out->cap - out->len);
        uInt in_before = zs.avail_in, out_before = zs.avail_out;
        ret = deflate(&zs, zs.avail_in == left ? Z_FINISH : Z_NO_FLUSH);
        src += in_before - zs.avail_in;
        left -= in_before - zs.avail_in;
        out->len += out_before - zs.avail_out;
        if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
            err = MOLDAU_ERR__BAD_COMPRESSION;
            break;
        }
    }
    deflateEnd(&zs);
    return err;
}

static int is_gzip_magic(const uint8_t *p, size_t n) { return n >= 2 && p[0] == 0x1f && p[1] == 0x8b; }

moldau_err_t moldau__gzip_decompress(const void *in, size_t n, moldau__zout_t *z)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit2(&zs, 15 + 16) != Z_OK)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_buf_t *b = z->out;
    const uint8_t *src = in;
    size_t left = n;
    moldau_err_t err = MOLDAU_ERR_NONE;
    for (;;) {
        if ((err = moldau__zout_room(z, left * 4)))
            break;
        zs.next_in = (Bytef *)(uintptr_t)src;
        zs.avail_in = clamp_uint(left);
        zs.next_out = b->data + b->len;
        zs.avail_out = clamp_uint(moldau__zout_avail(z));
        uInt in_before = zs.avail_in, out_before = zs.avail_out;
        int ret = inflate(&zs, Z_NO_FLUSH);
        src += in_before - zs.avail_in;
        left -= in_before - zs.avail_in;
        b->len += out_before - zs.avail_out;
        if (ret == Z_STREAM_END) {
            /* GZIPInputStream reads concatenated members and ignores anything after them that
             * is not a gzip header */
            if (!is_gzip_magic(src, left))
                break;
            inflateReset(&zs);
            continue;
        }
        if (ret == Z_OK)
            continue;
        if (ret == Z_BUF_ERROR && zs.avail_out == 0)
            continue; /* needs more room */
        if (ret == Z_MEM_ERROR)
            err = MOLDAU_ERR__NO_MEMORY;
        else
            err = MOLDAU_ERR__BAD_COMPRESSION; /* corrupt, or truncated (no progress) */
        break;
    }
    inflateEnd(&zs);
    return err;
}

/* ---- zstd ------------------------------------------------------------------------------- */

moldau_err_t moldau__zstd_compress(int level, const void *in, size_t n, moldau_buf_t *out)
{
    if (level == MOLDAU_COMPRESSION_LEVEL_DEFAULT)
        level = 3;
    if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel())
        return MOLDAU_ERR__INVALID_ARG;
    size_t bound = ZSTD_compressBound(n);
    if (ZSTD_isError(bound))
        return MOLDAU_ERR__TOO_LARGE;
    if (moldau_buf_reserve(out, bound))
        return MOLDAU_ERR__NO_MEMORY;
    size_t got = ZSTD_compress(out->data + out->len, bound, in, n, level);
    if (ZSTD_isError(got))
        return ZSTD_getErrorCode(got) == ZSTD_error_memory_allocation ? MOLDAU_ERR__NO_MEMORY
                                                                      : MOLDAU_ERR__BAD_COMPRESSION;
    out->len += got;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__zstd_decompress(const void *in, size_t n, moldau__zout_t *z)
{
    ZSTD_DCtx *dc = ZSTD_createDCtx();
    if (!dc)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_buf_t *b = z->out;
    ZSTD_inBuffer ib = {in, n, 0};
    moldau_err_t err = MOLDAU_ERR_NONE;
    size_t ret = 1;
    /* A frame may lack its content size (zstd-jni's streaming writer), so decode as a stream;
     * several frames back to back are one stream, as ZstdInputStream reads them. */
    while (ib.pos < ib.size || ret != 0) {
        if ((err = moldau__zout_room(z, n * 4)))
            break;
        ZSTD_outBuffer ob = {b->data + b->len, moldau__zout_avail(z), 0};
        size_t in_before = ib.pos;
        ret = ZSTD_decompressStream(dc, &ob, &ib);
        b->len += ob.pos;
        if (ZSTD_isError(ret)) {
            err = ZSTD_getErrorCode(ret) == ZSTD_error_memory_allocation
                      ? MOLDAU_ERR__NO_MEMORY
                      : MOLDAU_ERR__BAD_COMPRESSION;
            break;
        }
        if (ob.pos == 0 && ib.pos == in_before && ob.pos < ob.size) {
            err = MOLDAU_ERR__BAD_COMPRESSION; /* truncated: no input left to finish the frame */
            break;
        }
    }
    ZSTD_freeDCtx(dc);
    return err;
}
