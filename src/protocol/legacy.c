/* Legacy message sets, magic 0 and 1 (RECORD_FORMAT.md §5), as an old log can still hand them
 * to a consumer: one message per entry, CRC-32 (zlib's) from the magic on, and compression as
 * a wrapper message whose value is a compressed message set of inner messages. Records come
 * out in the same view struct as v2 records. */
#include <string.h>

#include <zlib.h>

#include "moldau/protocol.h"
#include "protocol/compress_internal.h"
#include "protocol/records_internal.h"

#define LOG_OVERHEAD 12
#define MAGIC_AT 16 /* offset 8 + size 4 + crc 4 */

/* Reads offset, size and message of one entry of exactly `size` bytes. */
moldau_err_t moldau__legacy_parse(const uint8_t *entry, size_t size, moldau_batch_t *b)
{
    memset(b, 0, sizeof(*b));
    moldau_reader_t r;
    moldau_reader_init(&r, entry, size);
    b->base_offset = moldau_r_i64(&r);
    b->batch_length = moldau_r_i32(&r);
    b->crc = moldau_r_u32(&r);
    b->magic = moldau_r_i8(&r);
    b->attributes = (uint8_t)moldau_r_i8(&r);
    int64_t ts = b->magic == 1 ? moldau_r_i64(&r) : -1;
    moldau_bytes_t key = moldau_r_bytes(&r, 0);
    moldau_bytes_t value = moldau_r_bytes(&r, 0);
    /* the key and value must fill the message exactly (LegacyRecord checks the value size) */
    if (r.err || moldau_reader_remaining(&r) || (b->magic != 0 && b->magic != 1) ||
        (size_t)b->batch_length + LOG_OVERHEAD != size)
        return MOLDAU_ERR__BAD_MSG;
    b->partition_leader_epoch = -1;
    b->base_timestamp = b->max_timestamp = ts;
    b->producer_id = -1;
    b->producer_epoch = -1;
    b->base_sequence = -1;
    b->codec = (moldau_codec_t)(b->attributes & MOLDAU_ATTR_CODEC_MASK);
    /* timestamp type exists from magic 1 on */
    b->log_append_time = b->magic == 1 && (b->attributes & MOLDAU_ATTR_LOG_APPEND_TIME);
    b->records_count = b->codec == MOLDAU_CODEC_NONE ? 1 : -1;
    b->data = entry;
    b->size = size;
    b->records = value.data; /* NULL for a null value */
    b->records_len = value.len > 0 ? (size_t)value.len : 0;
    b->legacy_key = key;
    return MOLDAU_ERR_NONE;
}

int moldau__legacy_crc_ok(const moldau_batch_t *b)
{
    uLong crc = crc32(0L, b->data + MAGIC_AT, (uInt)(b->size - MAGIC_AT));
    return (uint32_t)crc == b->crc;
}

/* Walks the inner entries of a decompressed wrapper: counts them and finds the last one's
 * offset (magic 1 inner offsets are relative to it). Only the framing is checked here. */
static moldau_err_t scan_inner(const uint8_t *p, size_t n, int32_t *count, int64_t *last)
{
    moldau_reader_t r;
    moldau_reader_init(&r, p ? p : (const uint8_t *)"", n);
    int32_t c = 0;
    while (moldau_reader_remaining(&r) && c < INT32_MAX) {
        *last = moldau_r_i64(&r);
        int32_t size = moldau_r_i32(&r);
        if (size < 0)
            moldau_reader_fail(&r);
        else
            moldau_r_skip(&r, (size_t)size);
        if (r.err)
            return MOLDAU_ERR__BAD_MSG;
        c++;
    }
    if (moldau_reader_remaining(&r))
        return MOLDAU_ERR__BAD_MSG;
    *count = c;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__legacy_iter_init(moldau_record_iter_t *it, moldau_buf_t *dbuf,
                                      size_t max_size)
{
    const moldau_batch_t *w = &it->batch;
    if (w->codec == MOLDAU_CODEC_NONE) {
        it->count = 1;
        return MOLDAU_ERR_NONE;
    }
    /* zstd never existed for legacy messages; 5-7 are not codecs at all */
    if (w->codec > MOLDAU_CODEC_LZ4 || !dbuf)
        return MOLDAU_ERR__BAD_COMPRESSION;
    if (!w->records)
        return MOLDAU_ERR__BAD_MSG; /* a wrapper needs a value */
    moldau_buf_reset(dbuf);
    /* magic 0 lz4 frames carry Kafka 0.8's broken header checksum */
    moldau_err_t err = moldau__decompress(w->codec, w->records, w->records_len, max_size, dbuf,
                                          w->magic == 0);
    if (err)
        return err;
    int64_t last = 0;
    if ((err = scan_inner(dbuf->data, dbuf->len, &it->count, &last)))
        return err;
    /* magic 1: relative inner offsets, the wrapper carrying the last one's absolute offset;
     * a wrapper offset of 0 (some old producers) is read as base 0, as the Java reader does */
    if (w->magic == 1 && w->base_offset != 0)
        it->legacy_base = (int64_t)((uint64_t)w->base_offset - (uint64_t)last);
    moldau_reader_init(&it->r, dbuf->data ? dbuf->data : it->batch.data, dbuf->len);
    return MOLDAU_ERR_NONE;
}

int moldau__legacy_iter_next(moldau_record_iter_t *it, moldau_record_t *rec)
{
    const moldau_batch_t *w = &it->batch;
    if (it->index >= it->count)
        return 0;
    if (w->codec == MOLDAU_CODEC_NONE) {
        rec->offset = w->base_offset;
        rec->timestamp = w->base_timestamp;
        rec->key = w->legacy_key;
        rec->value = w->records ? (moldau_bytes_t){w->records, (int32_t)w->records_len}
                                : MOLDAU_BYTES_NULL;
        it->index++;
        return 1;
    }
    /* scan_inner checked the framing, so the entry is whole */
    const uint8_t *entry = it->r.p;
    moldau_reader_t *r = &it->r;
    moldau_r_skip(r, 8);
    int32_t size = moldau_r_i32(r);
    moldau_r_skip(r, size > 0 ? (size_t)size : 0);
    moldau_batch_t inner;
    moldau_err_t err = r->err ? MOLDAU_ERR__BAD_MSG
                              : moldau__legacy_parse(entry, LOG_OVERHEAD + (size_t)size, &inner);
    /* inner messages share the wrapper's magic and are never compressed themselves */
    if (!err && (inner.magic != w->magic || inner.codec != MOLDAU_CODEC_NONE))
        err = MOLDAU_ERR__BAD_MSG;
    if (!err && it->check_crc && !moldau__legacy_crc_ok(&inner))
        err = MOLDAU_ERR__CRC;
    if (err) {
        it->err = err;
        return 0;
    }
    rec->offset = moldau__add64(it->legacy_base, inner.base_offset);
    rec->timestamp = w->log_append_time ? w->max_timestamp : inner.base_timestamp;
    rec->key = inner.legacy_key;
    rec->value = inner.records ? (moldau_bytes_t){inner.records, (int32_t)inner.records_len}
                               : MOLDAU_BYTES_NULL;
    it->index++;
    return 1;
}
