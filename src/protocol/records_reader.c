/* The zero-copy record set reader (RECORD_FORMAT.md §3): batches one after the other, with a
 * partial trailing batch as the normal end of a Fetch response, then the records of a batch
 * as views. Magic 0/1 entries are handed to legacy.c. Nothing here allocates except the
 * caller's decompression buffer, which is bounded by the caller's limit. */
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/compress_internal.h"
#include "protocol/reader_inline.h"
#include "protocol/records_internal.h"

#define LOG_OVERHEAD 12         /* offset + length */

/* Readers are never set up on NULL: NULL + 0 is undefined behaviour in C. */
static const uint8_t nothing[1];
#define NONNULL(p) ((p) ? (const uint8_t *)(p) : nothing)
#define LEGACY_MIN_LENGTH 14    /* crc, magic, attributes, key and value lengths (magic 0) */

void moldau_record_set_init(moldau_record_set_t *rs, const void *data, size_t len)
{
    rs->p = NONNULL(data);
    rs->end = rs->p + len;
    rs->check_crc = 1;
    rs->partial = 0;
    rs->err = MOLDAU_ERR_NONE;
}

static void decode_attributes(moldau_batch_t *b)
{
    b->codec = (moldau_codec_t)(b->attributes & MOLDAU_ATTR_CODEC_MASK);
    b->log_append_time = (b->attributes & MOLDAU_ATTR_LOG_APPEND_TIME) != 0;
    b->is_transactional = b->magic >= 2 && (b->attributes & MOLDAU_ATTR_TRANSACTIONAL);
    b->is_control = b->magic >= 2 && (b->attributes & MOLDAU_ATTR_CONTROL);
}

static moldau_err_t parse_v2(const uint8_t *data, size_t size, moldau_batch_t *b)
{
    if (size < MOLDAU_BATCH_HEADER_SIZE)
        return MOLDAU_ERR__BAD_MSG;
    moldau_reader_t r;
    moldau_reader_init(&r, data, MOLDAU_BATCH_HEADER_SIZE);
    b->base_offset = moldau_r_i64(&r);
    b->batch_length = moldau_r_i32(&r);
    b->partition_leader_epoch = moldau_r_i32(&r);
    b->magic = moldau_r_i8(&r);
    b->crc = moldau_r_u32(&r);
    b->attributes = moldau_r_i16(&r);
    b->last_offset_delta = moldau_r_i32(&r);
    b->base_timestamp = moldau_r_i64(&r);
    b->max_timestamp = moldau_r_i64(&r);
    b->producer_id = moldau_r_i64(&r);
    b->producer_epoch = moldau_r_i16(&r);
    b->base_sequence = moldau_r_i32(&r);
    b->records_count = moldau_r_i32(&r);
    if (r.err)
        return MOLDAU_ERR__BAD_MSG;
    b->data = data;
    b->size = size;
    b->records = data + MOLDAU_BATCH_HEADER_SIZE;
    b->records_len = size - MOLDAU_BATCH_HEADER_SIZE;
    b->legacy_key = MOLDAU_BYTES_NULL;
    decode_attributes(b);
    return MOLDAU_ERR_NONE;
}

int moldau_record_set_next(moldau_record_set_t *rs, moldau_batch_t *batch)
{
    if (rs->err || rs->p >= rs->end)
        return 0;
    size_t left = (size_t)(rs->end - rs->p);
    if (left < LOG_OVERHEAD) {
        rs->partial = 1;
        rs->p = rs->end;
        return 0;
    }
    const uint8_t *p = rs->p;
    int32_t length = (int32_t)((uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 |
                               (uint32_t)p[10] << 8 | p[11]);
    if (length < LEGACY_MIN_LENGTH) {
        rs->err = MOLDAU_ERR__BAD_MSG;
        return 0;
    }
    if ((size_t)length > left - LOG_OVERHEAD) {
        rs->partial = 1; /* the broker cut the response inside this batch */
        rs->p = rs->end;
        return 0;
    }
    size_t size = LOG_OVERHEAD + (size_t)length;
    moldau_err_t err;
    int magic = p[MOLDAU__V2_MAGIC];
    if (magic == 2)
        err = parse_v2(p, size, batch);
    else if (magic == 0 || magic == 1)
        err = moldau__legacy_parse(p, size, batch);
    else
        err = MOLDAU_ERR__BAD_MSG;
    if (!err && rs->check_crc)
        err = moldau_batch_verify_crc(batch);
    if (err) {
        rs->err = err;
        return 0;
    }
    rs->p += size;
    return 1;
}

moldau_err_t moldau_batch_verify_crc(const moldau_batch_t *b)
{
    if (b->magic < 2)
        return moldau__legacy_crc_ok(b) ? MOLDAU_ERR_NONE : MOLDAU_ERR__CRC;
    uint32_t crc = moldau_crc32c(0, b->data + MOLDAU__V2_ATTRIBUTES,
                                 b->size - MOLDAU__V2_ATTRIBUTES);
    return crc == b->crc ? MOLDAU_ERR_NONE : MOLDAU_ERR__CRC;
}

int64_t moldau_batch_next_offset(const moldau_batch_t *b)
{
    if (b->magic < 2)
        return moldau__add64(b->base_offset, 1);
    return moldau__add64(moldau__add64(b->base_offset, b->last_offset_delta), 1);
}

/* ---- records ---------------------------------------------------------------------------- */

moldau_err_t moldau_record_iter_init(moldau_record_iter_t *it, const moldau_batch_t *batch,
                                     moldau_buf_t *dbuf, size_t max_size)
{
    memset(it, 0, sizeof(*it));
    it->batch = *batch;
    it->count = batch->records_count;
    it->check_crc = 1;
    moldau_reader_init(&it->r, nothing, 0);
    moldau_err_t err;
    if (batch->magic < 2)
        err = moldau__legacy_iter_init(it, dbuf, max_size);
    else if (batch->records_count < 0)
        err = MOLDAU_ERR__BAD_MSG; /* checked here so that a corrupt batch reports its CRC */
    else if (batch->codec == MOLDAU_CODEC_NONE) {
        moldau_reader_init(&it->r, NONNULL(batch->records), batch->records_len);
        err = MOLDAU_ERR_NONE;
    } else if (!dbuf) {
        err = MOLDAU_ERR__BAD_COMPRESSION;
    } else {
        moldau_buf_reset(dbuf);
        err = moldau_decompress(batch->codec, batch->records, batch->records_len, max_size, dbuf);
        if (!err)
            moldau_reader_init(&it->r, NONNULL(dbuf->data), dbuf->len);
    }
    it->err = err;
    return err;
}

/* A record's key or value: varint length, -1 = null. */
static moldau_bytes_t read_field(moldau_reader_t *r)
{
    moldau_bytes_t b = MOLDAU_BYTES_NULL;
    int32_t len = moldau__r_varint(r);
    if (len < -1)
        moldau__r_fail(r);
    else if (len >= 0 && (b.data = moldau__r_view(r, (size_t)len)) != NULL)
        b.len = len;
    return b;
}

static int v2_next(moldau_record_iter_t *it, moldau_record_t *rec)
{
    moldau_reader_t *r = &it->r;
    if (it->index >= it->count) {
        if (moldau_reader_remaining(r) || r->err)
            it->err = MOLDAU_ERR__BAD_MSG; /* more bytes than the count says */
        return 0;
    }
    int32_t len = moldau__r_varint(r);
    const uint8_t *body = len >= 0 ? moldau__r_view(r, (size_t)len) : NULL;
    if (!body) {
        it->err = MOLDAU_ERR__BAD_MSG;
        return 0;
    }
    moldau_reader_t br = {.p = body, .end = body + len, .err = 0};
    (void)moldau__r_view(&br, 1); /* record attributes: unused */
    int64_t ts_delta = moldau__r_varlong(&br);
    int32_t off_delta = moldau__r_varint(&br);
    rec->key = read_field(&br);
    rec->value = read_field(&br);
    rec->n_headers = moldau__r_varint(&br);
    if (rec->n_headers < 0)
        moldau__r_fail(&br);
    rec->headers = br.p;
    for (int32_t i = 0; i < rec->n_headers && !br.err; i++) {
        int32_t klen = moldau__r_varint(&br);
        if (klen < 0) /* a header key is never null */
            moldau__r_fail(&br);
        else
            (void)moldau__r_view(&br, (size_t)klen);
        (void)read_field(&br);
    }
    /* like the Java reader: the record must use exactly its declared length */
    if (br.err || br.p != br.end) {
        it->err = MOLDAU_ERR__BAD_MSG;
        return 0;
    }
    rec->headers_len = (size_t)(br.p - rec->headers);
    const moldau_batch_t *b = &it->batch;
    rec->offset = moldau__add64(b->base_offset, off_delta);
    rec->timestamp = b->log_append_time ? b->max_timestamp
                                        : moldau__add64(b->base_timestamp, ts_delta);
    it->index++;
    return 1;
}

int moldau_record_iter_next(moldau_record_iter_t *it, moldau_record_t *rec)
{
    if (it->err)
        return 0;
    memset(rec, 0, sizeof(*rec));
    if (it->batch.magic < 2)
        return moldau__legacy_iter_next(it, rec);
    return v2_next(it, rec);
}

void moldau_header_iter_init(moldau_header_iter_t *it, const moldau_record_t *rec)
{
    moldau_reader_init(&it->r, NONNULL(rec->headers), rec->headers ? rec->headers_len : 0);
    it->left = rec->n_headers;
}

int moldau_header_iter_next(moldau_header_iter_t *it, moldau_header_t *h)
{
    if (it->left <= 0 || it->r.err)
        return 0;
    int32_t klen = moldau_r_varint(&it->r);
    h->key.data = klen >= 0 ? moldau_r_view(&it->r, (size_t)klen) : NULL;
    h->key.len = klen;
    h->value = read_field(&it->r);
    if (it->r.err || !h->key.data)
        return 0; /* not reached for records from moldau_record_iter_next: it validated them */
    it->left--;
    return 1;
}

int moldau_control_record_type(const moldau_record_t *rec)
{
    if (rec->key.len < 4)
        return -1;
    const uint8_t *k = rec->key.data;
    int16_t version = (int16_t)((uint16_t)k[0] << 8 | k[1]);
    if (version < 0)
        return -1;
    return (int16_t)((uint16_t)k[2] << 8 | k[3]);
}
