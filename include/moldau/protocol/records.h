/*
 * moldau codec: record sets (RECORD_FORMAT.md §3 and §5). Included by moldau/protocol.h.
 *
 *  - moldau_crc32c(): the batch checksum.
 *  - moldau_batch_builder_t: encodes records straight into one growing buffer and finishes a
 *    RecordBatch v2 (compressed once, CRC written once) for a ProduceRequest.
 *  - moldau_record_set_t / moldau_record_iter_t: a zero-copy reader of the `records` bytes of a
 *    Fetch response: batches of any magic (2, and legacy 0/1 message sets), then their records
 *    as views into the input (or into a caller's decompression buffer).
 */
#ifndef MOLDAU_PROTOCOL_RECORDS_H
#define MOLDAU_PROTOCOL_RECORDS_H
#include "moldau/protocol/core.h"
#include "moldau/protocol/compress.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CRC-32C ----------------------------------------------------------------------------- */

/* CRC-32C (Castagnoli) of n bytes, continuing from `crc` (0 to start; a previous result to
 * continue, so crc(crc(0, a), b) == crc(0, a || b)). Uses the SSE4.2 instruction when the CPU
 * has it. moldau_crc32c(0, "123456789", 9) == 0xE3069283. */
uint32_t moldau_crc32c(uint32_t crc, const void *p, size_t n);

/* ---- common definitions ------------------------------------------------------------------ */

#define MOLDAU_BATCH_HEADER_SIZE 61    /* RecordBatch v2 header, up to the first record */
#define MOLDAU_RECORD_MAX_OVERHEAD 21  /* a v2 record's bytes besides key, value and headers */

/* Batch attribute bits (v2, int16; legacy messages use bits 0-3 of their int8). */
#define MOLDAU_ATTR_CODEC_MASK 0x07
#define MOLDAU_ATTR_LOG_APPEND_TIME 0x08 /* timestamp type LogAppendTime */
#define MOLDAU_ATTR_TRANSACTIONAL 0x10
#define MOLDAU_ATTR_CONTROL 0x20
#define MOLDAU_ATTR_DELETE_HORIZON 0x40

/* A record header: key never null (len >= 0), value may be null (len -1). Not NUL-terminated. */
typedef struct moldau_header {
    moldau_bytes_t key;
    moldau_bytes_t value;
} moldau_header_t;

/* ---- batch builder (producer side, RecordBatch v2) ---------------------------------------- */

/*
 * Records are encoded into `buf` as they are appended, after room for the 61-byte header: no
 * allocation per record (the buffer grows geometrically), key, value and headers copied once.
 * finish() compresses the records once, writes the header and the CRC once.
 *
 * Ownership: the builder owns its buffers; the caller owns everything it passes in (copied).
 * The finished batch stays inside the builder until reset/free, or moves out with take().
 *
 * The public fields below `set before finish` are the header values; init/reset set the
 * producer's defaults: base_offset 0, partition_leader_epoch -1, producer_id -1,
 * producer_epoch -1, base_sequence -1, attributes 0 (CreateTime, not transactional, not
 * control). Change them any time before finish(); an idempotent producer usually sets the
 * producer fields when it drains the batch.
 */
typedef struct moldau_batch_builder {
    /* set before finish */
    int64_t base_offset;
    int32_t partition_leader_epoch;
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t base_sequence;
    int16_t attributes; /* MOLDAU_ATTR_* except the codec bits, which come from `codec` */

    /* read-only */
    moldau_codec_t codec;
    int level;
    int32_t count;          /* records appended */
    int64_t base_timestamp; /* the first record's, -1 before it */
    int64_t max_timestamp;
    int finished;
    moldau_buf_t buf; /* header room, then the records; the batch itself when uncompressed */
    moldau_buf_t zbuf; /* the finished batch when compressed */
} moldau_batch_builder_t;

/* Prepares an empty builder; allocates nothing until the first append. `level` as in
 * moldau_compress() (MOLDAU_COMPRESSION_LEVEL_DEFAULT for the codec's default). */
void moldau_batch_builder_init(moldau_batch_builder_t *b, moldau_codec_t codec, int level);
/* Frees the builder's buffers (and with them a finished batch not taken). */
void moldau_batch_builder_free(moldau_batch_builder_t *b);
/* Forgets the records and restores the header defaults, keeping the storage and the codec. */
void moldau_batch_builder_reset(moldau_batch_builder_t *b);

/* Appends one record: offset delta = its index, timestamp delta from the first record's.
 * key/value len -1 = null (a null value is a tombstone). headers may be NULL when n_headers
 * is 0; a header key may not be null.
 * Returns MOLDAU_ERR_NONE; MOLDAU_ERR__STATE after finish; MOLDAU_ERR__INVALID_ARG for a null
 * header key or a record too large for the format; MOLDAU_ERR__NO_MEMORY (the builder is
 * unchanged by a failed append). */
moldau_err_t moldau_batch_builder_append(moldau_batch_builder_t *b, int64_t timestamp,
                                         moldau_bytes_t key, moldau_bytes_t value,
                                         const moldau_header_t *headers, size_t n_headers);

/* The batch's size so far if it were finished uncompressed: header + records. A producer
 * compares size + moldau_record_max_size() with batch.size before appending. */
static inline size_t moldau_batch_builder_size(const moldau_batch_builder_t *b)
{
    return b->buf.len > MOLDAU_BATCH_HEADER_SIZE ? b->buf.len : MOLDAU_BATCH_HEADER_SIZE;
}

/* Bytes of a record's key, value, header key or header value as encoded: its zig-zag varint
 * length (len -1 = null) and its bytes. len must be >= -1. */
static inline size_t moldau_record_field_size(int32_t len)
{
    /* zig-zag doubles a length; each varint byte holds 7 bits */
    if (len < 64)
        return 1 + (len > 0 ? (size_t)len : 0);
    return (size_t)len + (len < (1 << 13) ? 2 : len < (1 << 20) ? 3 : len < (1 << 27) ? 4 : 5);
}

/* Bytes of a record's headers as encoded: their count, then each header's key and value. */
size_t moldau_record_headers_size(const moldau_header_t *headers, size_t n_headers);

/* An upper bound of the bytes append() adds for such a record (exact but for the varint
 * widths of the timestamp and offset deltas). key_len/value_len -1 for null. Inline: the
 * producer calls it for every record. */
static inline size_t moldau_record_max_size(int32_t key_len, int32_t value_len,
                                            const moldau_header_t *headers, size_t n_headers)
{
    /* the overhead counts 1-byte key and value lengths and header count, which the field
     * sizes count again */
    return MOLDAU_RECORD_MAX_OVERHEAD - 3 + moldau_record_field_size(key_len) +
           moldau_record_field_size(value_len) +
           (n_headers ? moldau_record_headers_size(headers, n_headers) : 1);
}

/* Finishes the batch: compresses the records (per b->codec), writes the header and the CRC.
 * *data and *len get the batch, which lives in the builder until reset/free/take. Calling it
 * again returns the same batch. An empty batch (no records) is allowed: lastOffsetDelta -1,
 * timestamps -1.
 * Returns MOLDAU_ERR_NONE, MOLDAU_ERR__NO_MEMORY or a compression error; on error the builder
 * is not finished and finish() may be retried. */
moldau_err_t moldau_batch_builder_finish(moldau_batch_builder_t *b, const uint8_t **data,
                                         size_t *len);

/* Moves the finished batch into *dst without copying: dst's earlier storage is handed to the
 * builder for reuse (dst must be initialised), and the builder is reset. The batch then
 * starts at dst->data and is dst->len bytes long. MOLDAU_ERR__STATE if not finished. */
moldau_err_t moldau_batch_builder_take(moldau_batch_builder_t *b, moldau_buf_t *dst);

/* Rewrites the producer id, epoch and base sequence of a finished v2 batch in place and
 * recomputes its CRC (a retried batch after an epoch bump). MOLDAU_ERR__BAD_MSG if `batch`
 * is not a whole v2 batch. */
moldau_err_t moldau_batch_set_producer(uint8_t *batch, size_t len, int64_t producer_id,
                                       int16_t producer_epoch, int32_t base_sequence);

/* ---- reader: batches of a record set ------------------------------------------------------ */

/* One batch (magic 2) or one legacy message (magic 0/1; a compressed one is a wrapper of
 * several). Pointers are views into the record set's bytes. */
typedef struct moldau_batch {
    int64_t base_offset;      /* legacy: the message's offset (a wrapper: its last inner one) */
    int32_t batch_length;     /* bytes after this field (legacy: the message size) */
    int32_t partition_leader_epoch; /* legacy: -1 */
    int8_t magic;
    uint32_t crc;             /* as stored (CRC-32C for v2, CRC-32 for legacy) */
    int16_t attributes;
    int32_t last_offset_delta;  /* legacy: 0 */
    int64_t base_timestamp;     /* legacy v1: the message's timestamp; v0: -1 */
    int64_t max_timestamp;
    int64_t producer_id;        /* legacy: -1 */
    int16_t producer_epoch;     /* legacy: -1 */
    int32_t base_sequence;      /* legacy: -1 */
    int32_t records_count;      /* legacy: 1, or -1 for a compressed wrapper (not known) */

    /* decoded attributes */
    moldau_codec_t codec;
    int is_transactional;
    int is_control;
    int log_append_time;

    const uint8_t *data;      /* the whole batch, from base_offset on */
    size_t size;              /* 12 + batch_length */
    const uint8_t *records;   /* v2: the records region (compressed or not); legacy: the value */
    size_t records_len;
    moldau_bytes_t legacy_key; /* legacy only: the message's key */
} moldau_batch_t;

typedef struct moldau_record_set {
    const uint8_t *p, *end;
    int check_crc;      /* 1 after init: verify each batch's CRC; clear it to skip the check */
    int partial;        /* set at the end when a partial trailing batch was skipped */
    moldau_err_t err;   /* why iteration stopped early: MOLDAU_ERR__BAD_MSG or MOLDAU_ERR__CRC */
} moldau_record_set_t;

/* Starts reading a record set (zero or more batches back to back). No copy: `data` must
 * outlive the set, its batches and their records. */
void moldau_record_set_init(moldau_record_set_t *rs, const void *data, size_t len);

/* Reads the next batch's header into *batch. Returns 1 for a batch; 0 at the end. At the end,
 * rs->err is MOLDAU_ERR_NONE for a clean end or a partial trailing batch (rs->partial says
 * which: a Fetch response is cut at its byte limit, so this is normal), or the error that
 * stopped the reading (a malformed batch header, an unknown magic, a CRC mismatch). */
int moldau_record_set_next(moldau_record_set_t *rs, moldau_batch_t *batch);

/* Checks a batch's CRC (CRC-32C for v2, CRC-32 for legacy): MOLDAU_ERR_NONE or
 * MOLDAU_ERR__CRC. */
moldau_err_t moldau_batch_verify_crc(const moldau_batch_t *batch);

/* The offset to fetch after this batch: base + lastOffsetDelta + 1 (legacy: offset + 1), also
 * for empty and control batches. */
int64_t moldau_batch_next_offset(const moldau_batch_t *batch);

/* ---- reader: records of a batch ----------------------------------------------------------- */

/* A record, as views: key/value/headers point into the record set's bytes, or into the
 * decompression buffer given to moldau_record_iter_init() for a compressed batch. */
typedef struct moldau_record {
    int64_t offset;
    int64_t timestamp;      /* CreateTime, or the batch's max timestamp for LogAppendTime; -1
                             * for legacy magic 0 */
    moldau_bytes_t key;
    moldau_bytes_t value;
    int32_t n_headers;
    const uint8_t *headers; /* the encoded headers (validated); see moldau_header_iter_t */
    size_t headers_len;
} moldau_record_t;

typedef struct moldau_record_iter {
    moldau_batch_t batch;
    moldau_reader_t r;   /* over the (decompressed) records */
    int32_t index;       /* records read so far */
    int32_t count;       /* records the batch says it has (-1 legacy wrapper: until the end) */
    int check_crc;       /* 1 after init: verify legacy inner messages' CRC-32 */
    int64_t legacy_base; /* legacy wrapper: added to inner offsets */
    moldau_err_t err;    /* why iteration stopped early */
} moldau_record_iter_t;

/* Prepares to iterate a batch's records. For a compressed batch the records are decompressed
 * into `dbuf` (reset first, then grown to at most max_size bytes); `dbuf` must then stay
 * unchanged while the records are used. dbuf may be NULL for uncompressed batches.
 * Returns MOLDAU_ERR_NONE; MOLDAU_ERR__TOO_LARGE when the records decompress to more than
 * max_size; MOLDAU_ERR__BAD_COMPRESSION for an unknown codec or corrupt data (or a compressed
 * batch with dbuf NULL); MOLDAU_ERR__BAD_MSG for a malformed legacy wrapper;
 * MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau_record_iter_init(moldau_record_iter_t *it, const moldau_batch_t *batch,
                                     moldau_buf_t *dbuf, size_t max_size);

/* Returns 1 with the next record in *rec, or 0 at the end; it->err is MOLDAU_ERR_NONE when the
 * batch held exactly the records it announced, else MOLDAU_ERR__BAD_MSG (malformed record,
 * wrong count, trailing bytes) or MOLDAU_ERR__CRC (a legacy inner message). */
int moldau_record_iter_next(moldau_record_iter_t *it, moldau_record_t *rec);

/* Headers of a record, as views. */
typedef struct moldau_header_iter {
    moldau_reader_t r;
    int32_t left;
} moldau_header_iter_t;

/* Starts iterating over rec's headers (views into the record, as rec's own fields). */
void moldau_header_iter_init(moldau_header_iter_t *it, const moldau_record_t *rec);
/* Returns 1 with the next header in *h, or 0 after the last. */
int moldau_header_iter_next(moldau_header_iter_t *it, moldau_header_t *h);

/* Control records (in batches with is_control): the type from the key (0 ABORT, 1 COMMIT,
 * 2-6 KRaft), or -1 when the key is not a control key. */
#define MOLDAU_CONTROL_ABORT 0
#define MOLDAU_CONTROL_COMMIT 1
int moldau_control_record_type(const moldau_record_t *rec);

#ifdef __cplusplus
}
#endif
#endif
