/* The RecordBatch v2 builder (RECORD_FORMAT.md §3): records are encoded into one buffer as
 * they come, behind room for the header; finish() compresses them once and writes the header
 * and the CRC-32C once. The record's length prefix comes first on the wire, so append()
 * computes the record's size before writing it: one reservation, no moving of bytes. */
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/records_builder.h"
#include "protocol/records_internal.h"
#include "protocol/varint.h"

/* A record's length-prefixed field: varint length (-1 = null), then the bytes. The length is
 * known to be >= -1: its zig-zag form is 1 for null, else twice the length. */
static inline uint8_t *put_field(uint8_t *p, moldau_bytes_t f)
{
    if (f.len < 0) {
        *p = 1;
        return p + 1;
    }
    p = moldau__put_uvarint(p, (uint32_t)f.len << 1);
    if (f.len) {
        memcpy(p, f.data, (size_t)f.len);
        p += f.len;
    }
    return p;
}

static void set_defaults(moldau_batch_builder_t *b)
{
    b->base_offset = 0;
    b->partition_leader_epoch = -1;
    b->producer_id = -1;
    b->producer_epoch = -1;
    b->base_sequence = -1;
    b->attributes = 0;
    b->count = 0;
    b->base_timestamp = -1;
    b->max_timestamp = -1;
    b->finished = 0;
}

void moldau_batch_builder_init(moldau_batch_builder_t *b, moldau_codec_t codec, int level)
{
    moldau_buf_init(&b->buf);
    moldau_buf_init(&b->zbuf);
    b->codec = codec;
    b->level = level;
    set_defaults(b);
}

void moldau_batch_builder_free(moldau_batch_builder_t *b)
{
    moldau_buf_free(&b->buf);
    moldau_buf_free(&b->zbuf);
    set_defaults(b);
}

void moldau_batch_builder_reset(moldau_batch_builder_t *b)
{
    moldau_buf_reset(&b->buf);
    moldau_buf_reset(&b->zbuf);
    set_defaults(b);
}

size_t moldau_record_headers_size(const moldau_header_t *headers, size_t n_headers)
{
    size_t n = moldau__varint_size((int32_t)(n_headers > INT32_MAX ? INT32_MAX : n_headers));
    for (size_t i = 0; i < n_headers; i++)
        n += moldau_record_field_size(headers[i].key.len) +
             moldau_record_field_size(headers[i].value.len);
    return n;
}

moldau_err_t moldau_batch_builder_append(moldau_batch_builder_t *b, int64_t timestamp,
                                         moldau_bytes_t key, moldau_bytes_t value,
                                         const moldau_header_t *headers, size_t n_headers)
{
    return moldau__batch_builder_append_sized(
        b, timestamp, key, value, headers, n_headers,
        moldau_record_max_size(key.len, value.len, headers, n_headers));
}

/* The first record also makes room for the batch header; growing is rare after it (the
 * producer reserves a whole batch.size up front). Out of the common path. */
static moldau_err_t make_room(moldau_batch_builder_t *b, size_t total, int64_t timestamp)
{
    moldau_buf_t *w = &b->buf;
    size_t header_room = b->count ? 0 : MOLDAU_BATCH_HEADER_SIZE;
    if (header_room)
        w->len = 0;
    if (moldau_buf_reserve(w, header_room + total)) {
        w->failed = 0; /* the builder stays usable; the caller decides */
        return MOLDAU_ERR__NO_MEMORY;
    }
    if (header_room) {
        w->len = MOLDAU_BATCH_HEADER_SIZE; /* written by finish() */
        b->base_timestamp = b->max_timestamp = timestamp;
    }
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__batch_builder_append_sized(moldau_batch_builder_t *b, int64_t timestamp,
                                                moldau_bytes_t key, moldau_bytes_t value,
                                                const moldau_header_t *headers, size_t n_headers,
                                                size_t max_size)
{
    if (b->finished)
        return MOLDAU_ERR__STATE;
    if (key.len < -1 || value.len < -1 || n_headers > INT32_MAX || b->count == INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    for (size_t i = 0; i < n_headers; i++)
        if (headers[i].key.len < 0 || headers[i].value.len < -1)
            return MOLDAU_ERR__INVALID_ARG; /* a header key is never null */
    /* The record's varints are zig-zag; those of values known to be non-negative (lengths,
     * counts, the offset delta) are simply twice the value. */
    int32_t count = b->count;
    int64_t ts_delta = count ? (int64_t)((uint64_t)timestamp - (uint64_t)b->base_timestamp) : 0;
    /* max_size counts the widest length prefix and deltas; the rest is key, value and
     * headers with their own length prefixes, which then need no measuring here. */
    uint64_t body = 1 + moldau__varlong_size(ts_delta) +
                    moldau__uvarint_size((uint32_t)count << 1) +
                    (max_size - (MOLDAU_RECORD_MAX_OVERHEAD - 3));
    if (body > INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    size_t total = moldau__uvarint_size(body << 1) + (size_t)body;
    moldau_buf_t *w = &b->buf;
    if (!count || total > w->cap - w->len) {
        moldau_err_t err = make_room(b, total, timestamp);
        if (err)
            return err;
    }

    /* Everything below fits in the reservation: plain stores, no checks. */
    uint8_t *p = w->data + w->len;
    p = moldau__put_uvarint(p, body << 1);
    *p++ = 0; /* record attributes: unused */
    p = moldau__put_varlong(p, ts_delta);
    p = moldau__put_uvarint(p, (uint32_t)count << 1); /* offset delta */
    p = put_field(p, key);
    p = put_field(p, value);
    p = moldau__put_uvarint(p, (uint32_t)n_headers << 1);
    for (size_t i = 0; i < n_headers; i++) {
        p = put_field(p, headers[i].key);
        p = put_field(p, headers[i].value);
    }
    w->len = (size_t)(p - w->data);
    if (timestamp > b->max_timestamp)
        b->max_timestamp = timestamp;
    b->count = count + 1;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_batch_builder_finish(moldau_batch_builder_t *b, const uint8_t **data,
                                         size_t *len)
{
    moldau_buf_t *out = b->codec == MOLDAU_CODEC_NONE ? &b->buf : &b->zbuf;
    if (!b->finished) {
        if (b->buf.len < MOLDAU_BATCH_HEADER_SIZE) { /* no record yet: an empty batch */
            moldau_buf_reset(&b->buf);
            if (!moldau_buf_extend(&b->buf, MOLDAU_BATCH_HEADER_SIZE)) {
                b->buf.failed = 0;
                return MOLDAU_ERR__NO_MEMORY;
            }
        }
        if (b->codec != MOLDAU_CODEC_NONE) {
            moldau_buf_reset(&b->zbuf);
            if (!moldau_buf_extend(&b->zbuf, MOLDAU_BATCH_HEADER_SIZE)) {
                b->zbuf.failed = 0;
                return MOLDAU_ERR__NO_MEMORY;
            }
            moldau_err_t err = moldau_compress(b->codec, b->level,
                                               b->buf.data + MOLDAU_BATCH_HEADER_SIZE,
                                               b->buf.len - MOLDAU_BATCH_HEADER_SIZE, &b->zbuf);
            if (err)
                return err;
        }
        if (out->len - 12 > INT32_MAX)
            return MOLDAU_ERR__TOO_LARGE;
        uint8_t *h = out->data;
        int16_t attributes = (int16_t)((b->attributes & ~MOLDAU_ATTR_CODEC_MASK) | b->codec);
        moldau__put_be64(h + 0, (uint64_t)b->base_offset);
        moldau__put_be32(h + MOLDAU__V2_LENGTH, (uint32_t)(out->len - 12));
        moldau__put_be32(h + 12, (uint32_t)b->partition_leader_epoch);
        h[MOLDAU__V2_MAGIC] = 2;
        moldau__put_be16(h + MOLDAU__V2_ATTRIBUTES, (uint16_t)attributes);
        moldau__put_be32(h + 23, (uint32_t)(b->count - 1)); /* lastOffsetDelta, -1 when empty */
        moldau__put_be64(h + 27, (uint64_t)b->base_timestamp);
        moldau__put_be64(h + 35, (uint64_t)b->max_timestamp);
        moldau__put_be64(h + MOLDAU__V2_PRODUCER_ID, (uint64_t)b->producer_id);
        moldau__put_be16(h + MOLDAU__V2_PRODUCER_EPOCH, (uint16_t)b->producer_epoch);
        moldau__put_be32(h + MOLDAU__V2_BASE_SEQUENCE, (uint32_t)b->base_sequence);
        moldau__put_be32(h + 57, (uint32_t)b->count);
        /* last: the CRC covers everything from the attributes on, compressed payload included */
        uint32_t crc = moldau_crc32c(0, h + MOLDAU__V2_ATTRIBUTES, out->len - MOLDAU__V2_ATTRIBUTES);
        moldau__put_be32(h + MOLDAU__V2_CRC, crc);
        b->finished = 1;
    }
    if (data)
        *data = out->data;
    if (len)
        *len = out->len;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_batch_builder_take(moldau_batch_builder_t *b, moldau_buf_t *dst)
{
    if (!b->finished)
        return MOLDAU_ERR__STATE;
    moldau_buf_t *src = b->codec == MOLDAU_CODEC_NONE ? &b->buf : &b->zbuf;
    moldau_buf_t old = *dst;
    *dst = *src;
    *src = old; /* dst's storage becomes the builder's, for the next batch */
    moldau_batch_builder_reset(b);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_batch_set_producer(uint8_t *batch, size_t len, int64_t producer_id,
                                       int16_t producer_epoch, int32_t base_sequence)
{
    if (len < MOLDAU_BATCH_HEADER_SIZE || batch[MOLDAU__V2_MAGIC] != 2)
        return MOLDAU_ERR__BAD_MSG;
    uint32_t length = (uint32_t)batch[8] << 24 | (uint32_t)batch[9] << 16 |
                      (uint32_t)batch[10] << 8 | batch[11];
    if ((size_t)length + 12 != len)
        return MOLDAU_ERR__BAD_MSG;
    moldau__put_be64(batch + MOLDAU__V2_PRODUCER_ID, (uint64_t)producer_id);
    moldau__put_be16(batch + MOLDAU__V2_PRODUCER_EPOCH, (uint16_t)producer_epoch);
    moldau__put_be32(batch + MOLDAU__V2_BASE_SEQUENCE, (uint32_t)base_sequence);
    uint32_t crc = moldau_crc32c(0, batch + MOLDAU__V2_ATTRIBUTES, len - MOLDAU__V2_ATTRIBUTES);
    moldau__put_be32(batch + MOLDAU__V2_CRC, crc);
    return MOLDAU_ERR_NONE;
}
