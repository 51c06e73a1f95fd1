/* RecordBatch v2: the worked example of RECORD_FORMAT.md §3.4 byte for byte, round trips
 * through builder and reader with every codec, record sets with a partial trailing batch,
 * control and LogAppendTime batches, and malformed or truncated input giving errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

#define B(s) ((moldau_bytes_t){(const uint8_t *)(s), (int32_t)strlen(s)})

static const char example_hex[] =
    "0000000000000000" "00000040" "ffffffff" "02" "db5e9cdd" "0000" "00000000"
    "0000018bcfe56800" "0000018bcfe56800" "ffffffffffffffff" "ffff" "ffffffff" "00000001"
    "1c000000066b65790a76616c756500";

static size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++)
        sscanf(hex + 2 * i, "%2hhx", &out[i]);
    return n;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Rewrites the CRC of a v2 batch after a test changed its bytes. */
static void fix_crc(uint8_t *batch, size_t len)
{
    put_be32(batch + 17, moldau_crc32c(0, batch + 21, len - 21));
}

START_TEST(worked_example_encodes)
{
    uint8_t want[128];
    size_t want_len = unhex(example_hex, want);
    ck_assert_uint_eq(want_len, 76);
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    ck_assert_uint_eq(moldau_batch_builder_size(&b), 61);
    size_t est = moldau_record_max_size(3, 5, NULL, 0);
    ck_assert_int_eq(moldau_batch_builder_append(&b, 1700000000000LL, B("key"), B("value"), NULL, 0),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_batch_builder_size(&b), 76);
    ck_assert_uint_ge(est, 15);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(len, 76);
    ck_assert(memcmp(data, want, 76) == 0);
    /* finishing again gives the same bytes; appending is refused */
    const uint8_t *again;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &again, &len), MOLDAU_ERR_NONE);
    ck_assert_ptr_eq(again, data);
    ck_assert_int_eq(moldau_batch_builder_append(&b, 0, B("k"), B("v"), NULL, 0),
                     MOLDAU_ERR__STATE);
    moldau_batch_builder_free(&b);
}
END_TEST

START_TEST(worked_example_decodes)
{
    uint8_t in[128];
    size_t n = unhex(example_hex, in);
    moldau_record_set_t rs;
    moldau_record_set_init(&rs, in, n);
    moldau_batch_t batch;
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.base_offset, 0);
    ck_assert_int_eq(batch.batch_length, 64);
    ck_assert_int_eq(batch.partition_leader_epoch, -1);
    ck_assert_int_eq(batch.magic, 2);
    ck_assert_uint_eq(batch.crc, 0xdb5e9cdd);
    ck_assert_int_eq(batch.last_offset_delta, 0);
    ck_assert_int_eq(batch.base_timestamp, 1700000000000LL);
    ck_assert_int_eq(batch.max_timestamp, 1700000000000LL);
    ck_assert_int_eq(batch.producer_id, -1);
    ck_assert_int_eq(batch.producer_epoch, -1);
    ck_assert_int_eq(batch.base_sequence, -1);
    ck_assert_int_eq(batch.records_count, 1);
    ck_assert_int_eq(batch.codec, MOLDAU_CODEC_NONE);
    ck_assert(!batch.is_control && !batch.is_transactional && !batch.log_append_time);
    ck_assert_int_eq(moldau_batch_next_offset(&batch), 1);
    moldau_record_iter_t it;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, NULL, 0), MOLDAU_ERR_NONE);
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(rec.offset, 0);
    ck_assert_int_eq(rec.timestamp, 1700000000000LL);
    ck_assert_int_eq(rec.key.len, 3);
    ck_assert(memcmp(rec.key.data, "key", 3) == 0);
    ck_assert_ptr_eq(rec.key.data, in + 66); /* a view, not a copy */
    ck_assert_int_eq(rec.value.len, 5);
    ck_assert(memcmp(rec.value.data, "value", 5) == 0);
    ck_assert_int_eq(rec.n_headers, 0);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 0);
    ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 0);
    ck_assert_int_eq(rs.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(rs.partial, 0);
}
END_TEST

/* ---- round trips ------------------------------------------------------------------------ */

#define N_RECORDS 500

static int64_t ts_of(int i) { return 1700000000000LL + (i % 7 == 3 ? -5000 : i * 3); }

/* Record i: every 5th key null, every 7th key empty, every 11th value null, every 13th value
 * empty; i % 4 headers, the second one with a null value. */
static void record_of(int i, char *kbuf, char *vbuf, moldau_bytes_t *k, moldau_bytes_t *v,
                      moldau_header_t *h, size_t *nh)
{
    snprintf(kbuf, 32, "key-%d", i);
    snprintf(vbuf, 256, "value-%d-%0*d", i, i % 200, 0);
    *k = i % 5 == 0 ? MOLDAU_BYTES_NULL : i % 7 == 0 ? (moldau_bytes_t){(const uint8_t *)"", 0}
                                                    : B(kbuf);
    *v = i % 11 == 0 ? MOLDAU_BYTES_NULL : i % 13 == 0 ? (moldau_bytes_t){(const uint8_t *)"", 0}
                                                      : B(vbuf);
    *nh = (size_t)(i % 4);
    static const char *names[] = {"trace", "empty-key-next", ""};
    for (size_t j = 0; j < *nh; j++) {
        h[j].key = B(names[j]);
        h[j].value = j == 1 ? MOLDAU_BYTES_NULL : B(kbuf);
    }
}

static void expect_bytes_eq(moldau_bytes_t got, moldau_bytes_t want)
{
    ck_assert_int_eq(got.len, want.len);
    if (want.len > 0)
        ck_assert(memcmp(got.data, want.data, (size_t)want.len) == 0);
}

static void build(moldau_batch_builder_t *b, moldau_codec_t codec, int n)
{
    moldau_batch_builder_init(b, codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    for (int i = 0; i < n; i++) {
        char kbuf[32], vbuf[256];
        moldau_bytes_t k, v;
        moldau_header_t h[3];
        size_t nh;
        record_of(i, kbuf, vbuf, &k, &v, h, &nh);
        size_t before = moldau_batch_builder_size(b);
        size_t bound = moldau_record_max_size(k.len, v.len, h, nh);
        ck_assert_int_eq(moldau_batch_builder_append(b, ts_of(i), k, v, h, nh), MOLDAU_ERR_NONE);
        size_t added = moldau_batch_builder_size(b) - before;
        ck_assert_uint_le(added, bound);
        ck_assert_uint_ge(added + 16, bound); /* the bound is tight but for the deltas */
    }
    ck_assert_int_eq(b->count, n);
}

static void verify(const uint8_t *data, size_t len, moldau_codec_t codec, int n, int64_t base)
{
    moldau_record_set_t rs;
    moldau_record_set_init(&rs, data, len);
    moldau_batch_t batch;
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.codec, codec);
    ck_assert_int_eq(batch.records_count, n);
    ck_assert_int_eq(batch.last_offset_delta, n - 1);
    ck_assert_int_eq(batch.base_timestamp, ts_of(0));
    int64_t max = ts_of(0);
    for (int i = 0; i < n; i++)
        max = ts_of(i) > max ? ts_of(i) : max;
    ck_assert_int_eq(batch.max_timestamp, max);
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_iter_t it;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 1 << 20), MOLDAU_ERR_NONE);
    moldau_record_t rec;
    int i = 0;
    for (; moldau_record_iter_next(&it, &rec); i++) {
        char kbuf[32], vbuf[256];
        moldau_bytes_t k, v;
        moldau_header_t h[3];
        size_t nh;
        record_of(i, kbuf, vbuf, &k, &v, h, &nh);
        ck_assert_int_eq(rec.offset, base + i);
        ck_assert_int_eq(rec.timestamp, ts_of(i));
        expect_bytes_eq(rec.key, k);
        expect_bytes_eq(rec.value, v);
        ck_assert_int_eq(rec.n_headers, (int32_t)nh);
        moldau_header_iter_t hi;
        moldau_header_iter_init(&hi, &rec);
        moldau_header_t got;
        for (size_t j = 0; j < nh; j++) {
            ck_assert_int_eq(moldau_header_iter_next(&hi, &got), 1);
            expect_bytes_eq(got.key, h[j].key);
            expect_bytes_eq(got.value, h[j].value);
        }
        ck_assert_int_eq(moldau_header_iter_next(&hi, &got), 0);
    }
    ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(i, n);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 0);
    ck_assert_int_eq(rs.err, MOLDAU_ERR_NONE);
    moldau_buf_free(&dbuf);
}

START_TEST(round_trip_every_codec)
{
    moldau_codec_t codec = (moldau_codec_t)_i;
    moldau_batch_builder_t b;
    build(&b, codec, N_RECORDS);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    if (codec != MOLDAU_CODEC_NONE)
        ck_assert_uint_lt(len, moldau_batch_builder_size(&b)); /* the values compress well */
    else
        ck_assert_uint_eq(len, moldau_batch_builder_size(&b));
    verify(data, len, codec, N_RECORDS, 0);

    /* the broker assigns offsets and leader epoch: not covered by the CRC */
    uint8_t *copy = malloc(len);
    memcpy(copy, data, len);
    memset(copy, 0, 8);
    copy[7] = 100;
    memset(copy + 12, 0, 4);
    verify(copy, len, codec, N_RECORDS, 100);

    /* the limit on decompressed bytes */
    if (codec != MOLDAU_CODEC_NONE) {
        moldau_record_set_t rs;
        moldau_batch_t batch;
        moldau_record_set_init(&rs, copy, len);
        ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
        moldau_buf_t dbuf;
        moldau_buf_init(&dbuf);
        moldau_record_iter_t it;
        ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 1000), MOLDAU_ERR__TOO_LARGE);
        ck_assert_uint_le(dbuf.cap, 1001);
        ck_assert_int_eq(moldau_record_iter_init(&it, &batch, NULL, 1 << 20),
                         MOLDAU_ERR__BAD_COMPRESSION);
        moldau_buf_free(&dbuf);
    }
    free(copy);

    /* take() moves the batch out without copying, and the builder starts over */
    moldau_buf_t owned;
    moldau_buf_init(&owned);
    const uint8_t *where = data;
    ck_assert_int_eq(moldau_batch_builder_take(&b, &owned), MOLDAU_ERR_NONE);
    ck_assert_ptr_eq(owned.data, where);
    ck_assert_uint_eq(owned.len, len);
    ck_assert_int_eq(b.count, 0);
    ck_assert_int_eq(b.finished, 0);
    ck_assert_int_eq(moldau_batch_builder_take(&b, &owned), MOLDAU_ERR__STATE);
    verify(owned.data, owned.len, codec, N_RECORDS, 0);
    moldau_buf_free(&owned);
    moldau_batch_builder_free(&b);
}
END_TEST

START_TEST(producer_fields_and_flags)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_LZ4, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    b.producer_id = 4242;
    b.producer_epoch = 7;
    b.base_sequence = 2147483640;
    b.attributes = MOLDAU_ATTR_TRANSACTIONAL;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(moldau_batch_builder_append(&b, 1000 + i, B("k"), B("v"), NULL, 0), 0);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, data, len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.producer_id, 4242);
    ck_assert_int_eq(batch.producer_epoch, 7);
    ck_assert_int_eq(batch.base_sequence, 2147483640);
    ck_assert_int_eq(batch.attributes, MOLDAU_ATTR_TRANSACTIONAL | MOLDAU_CODEC_LZ4);
    ck_assert(batch.is_transactional && !batch.is_control);
    ck_assert_int_eq(moldau_batch_next_offset(&batch), 3);

    /* an epoch bump rewrites the producer fields in place, CRC included */
    uint8_t *copy = malloc(len);
    memcpy(copy, data, len);
    ck_assert_int_eq(moldau_batch_set_producer(copy, len, 99, 8, 0), MOLDAU_ERR_NONE);
    moldau_record_set_init(&rs, copy, len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.producer_id, 99);
    ck_assert_int_eq(batch.producer_epoch, 8);
    ck_assert_int_eq(batch.base_sequence, 0);
    ck_assert_int_eq(moldau_batch_set_producer(copy, len - 1, 1, 1, 1), MOLDAU_ERR__BAD_MSG);
    free(copy);
    moldau_batch_builder_free(&b);
}
END_TEST

START_TEST(control_and_log_append_time)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, 0);
    b.attributes = MOLDAU_ATTR_CONTROL | MOLDAU_ATTR_TRANSACTIONAL | MOLDAU_ATTR_LOG_APPEND_TIME;
    static const uint8_t key[4] = {0, 0, 0, 1};              /* version 0, COMMIT */
    static const uint8_t value[6] = {0, 0, 0, 0, 0, 5};      /* version 0, coordinator epoch 5 */
    ck_assert_int_eq(moldau_batch_builder_append(&b, 10, (moldau_bytes_t){key, 4},
                                                 (moldau_bytes_t){value, 6}, NULL, 0), 0);
    ck_assert_int_eq(moldau_batch_builder_append(&b, 50, B("x"), B("y"), NULL, 0), 0);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, data, len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert(batch.is_control && batch.is_transactional && batch.log_append_time);
    moldau_record_iter_t it;
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, NULL, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(moldau_control_record_type(&rec), MOLDAU_CONTROL_COMMIT);
    ck_assert_int_eq(rec.timestamp, 50); /* LogAppendTime: every record has the max */
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(moldau_control_record_type(&rec), -1);
    ck_assert_int_eq(rec.timestamp, 50);
    moldau_batch_builder_free(&b);
}
END_TEST

START_TEST(empty_batch_and_bad_args)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_ZSTD, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    moldau_header_t nullkey = {MOLDAU_BYTES_NULL, B("v")};
    ck_assert_int_eq(moldau_batch_builder_append(&b, 0, B("k"), B("v"), &nullkey, 1),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_batch_builder_append(&b, 0, (moldau_bytes_t){NULL, -2}, B("v"), NULL,
                                                 0), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(b.count, 0);
    ck_assert_int_eq(moldau_batch_builder_take(&b, &b.buf), MOLDAU_ERR__STATE);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, data, len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(batch.records_count, 0);
    ck_assert_int_eq(batch.last_offset_delta, -1);
    ck_assert_int_eq(batch.base_timestamp, -1);
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_iter_t it;
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 100), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 0);
    ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
    /* reset keeps the codec and restores the defaults */
    b.producer_id = 5;
    moldau_batch_builder_reset(&b);
    ck_assert_int_eq(b.producer_id, -1);
    ck_assert_int_eq(b.codec, MOLDAU_CODEC_ZSTD);
    moldau_buf_free(&dbuf);
    moldau_batch_builder_free(&b);
}
END_TEST

/* ---- record sets and malformed input ---------------------------------------------------- */

/* Three batches (none, gzip, snappy) of 10 records each, back to back. */
static size_t three_batches(moldau_buf_t *set, size_t ends[3])
{
    moldau_buf_init(set);
    for (int k = 0; k < 3; k++) {
        moldau_batch_builder_t b;
        build(&b, (moldau_codec_t)k, 10);
        b.base_offset = 10 * k;
        const uint8_t *data;
        size_t len;
        ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
        moldau_buf_put(set, data, len);
        ends[k] = set->len;
        moldau_batch_builder_free(&b);
    }
    return set->len;
}

START_TEST(partial_trailing_batch_is_normal)
{
    moldau_buf_t set;
    size_t ends[3];
    size_t total = three_batches(&set, ends);
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    for (size_t cut = 0; cut <= total; cut++) {
        moldau_record_set_t rs;
        moldau_batch_t batch;
        moldau_record_set_init(&rs, set.data, cut);
        int n = 0, records = 0;
        while (moldau_record_set_next(&rs, &batch)) {
            ck_assert_int_eq(batch.base_offset, 10 * n);
            moldau_record_iter_t it;
            moldau_record_t rec;
            ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 1 << 20), 0);
            while (moldau_record_iter_next(&it, &rec))
                ck_assert_int_eq(rec.offset, 10 * n + records++ % 10);
            ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
            n++;
        }
        int whole = (cut >= ends[0]) + (cut >= ends[1]) + (cut >= ends[2]);
        ck_assert_int_eq(n, whole);
        ck_assert_int_eq(records, 10 * whole);
        ck_assert_int_eq(rs.err, MOLDAU_ERR_NONE);
        ck_assert_int_eq(rs.partial, cut != 0 && cut != ends[0] && cut != ends[1] && cut != total);
    }
    moldau_buf_free(&dbuf);
    moldau_buf_free(&set);
}
END_TEST

START_TEST(crc_mismatch)
{
    moldau_buf_t set;
    size_t ends[3];
    three_batches(&set, ends);
    set.data[ends[0] + 70] ^= 1; /* inside the second batch's records */
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, set.data, set.len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 0);
    ck_assert_int_eq(rs.err, MOLDAU_ERR__CRC);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 0); /* stays stopped */
    moldau_record_set_init(&rs, set.data, set.len);
    rs.check_crc = 0;
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    ck_assert_int_eq(moldau_batch_verify_crc(&batch), MOLDAU_ERR__CRC);
    moldau_buf_free(&set);
}
END_TEST

/* Reads a single-batch set and returns the first error met (set, iter init or records). */
static moldau_err_t read_all(const uint8_t *p, size_t n, int check_crc)
{
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_set_init(&rs, p, n);
    rs.check_crc = check_crc;
    moldau_err_t err = MOLDAU_ERR_NONE;
    while (!err && moldau_record_set_next(&rs, &batch)) {
        moldau_record_iter_t it;
        moldau_record_t rec;
        err = moldau_record_iter_init(&it, &batch, &dbuf, 1 << 16);
        while (!err && moldau_record_iter_next(&it, &rec)) {
            moldau_header_iter_t hi;
            moldau_header_t h;
            moldau_header_iter_init(&hi, &rec);
            while (moldau_header_iter_next(&hi, &h))
                ;
        }
        if (!err)
            err = it.err;
    }
    if (!err)
        err = rs.err;
    moldau_buf_free(&dbuf);
    return err;
}

static moldau_err_t example_with(void (*edit)(uint8_t *p, size_t *n))
{
    static uint8_t p[256];
    size_t n = unhex(example_hex, p);
    edit(p, &n);
    put_be32(p + 8, (uint32_t)(n - 12));
    fix_crc(p, n);
    return read_all(p, n, 1);
}

static void count_too_high(uint8_t *p, size_t *n) { (void)n; p[60] = 2; }
static void count_too_low(uint8_t *p, size_t *n) { (void)n; p[60] = 0; }
static void count_negative(uint8_t *p, size_t *n) { (void)n; memset(p + 57, 0xff, 4); }
static void record_len_short(uint8_t *p, size_t *n) { (void)n; p[61] = 0x1a; }   /* 13 */
static void record_len_long(uint8_t *p, size_t *n) { p[61] = 0x1e; p[(*n)++] = 0; } /* 15 */
static void headers_negative(uint8_t *p, size_t *n) { p[*n - 1] = 0x03; }          /* -2 */
static void key_len_bad(uint8_t *p, size_t *n) { (void)n; p[65] = 0x03; }          /* -2 */
static void trailing_byte(uint8_t *p, size_t *n) { p[(*n)++] = 0; }
static void codec_unknown(uint8_t *p, size_t *n) { (void)n; p[22] = 5; }
static void codec_gzip_garbage(uint8_t *p, size_t *n) { (void)n; p[22] = 1; }
static void null_header_key(uint8_t *p, size_t *n)
{
    p[*n - 1] = 0x02;  /* 1 header */
    p[(*n)++] = 0x01;  /* key length -1: null */
    p[(*n)++] = 0x01;  /* value null */
    p[61] = 0x20;      /* length 16 */
}

START_TEST(malformed_batches)
{
    ck_assert_int_eq(example_with(count_too_high), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(count_too_low), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(count_negative), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(record_len_short), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(record_len_long), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(headers_negative), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(key_len_bad), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(trailing_byte), MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(example_with(codec_unknown), MOLDAU_ERR__BAD_COMPRESSION);
    ck_assert_int_eq(example_with(codec_gzip_garbage), MOLDAU_ERR__BAD_COMPRESSION);
    ck_assert_int_eq(example_with(null_header_key), MOLDAU_ERR__BAD_MSG);

    uint8_t p[128];
    size_t n = unhex(example_hex, p);
    p[16] = 3; /* unknown magic */
    ck_assert_int_eq(read_all(p, n, 1), MOLDAU_ERR__BAD_MSG);
    n = unhex(example_hex, p);
    put_be32(p + 8, 10); /* too short to hold a magic byte and a CRC */
    ck_assert_int_eq(read_all(p, n, 1), MOLDAU_ERR__BAD_MSG);
    put_be32(p + 8, 30); /* long enough for legacy, too short for a v2 header */
    ck_assert_int_eq(read_all(p, 42, 0), MOLDAU_ERR__BAD_MSG);
}
END_TEST

START_TEST(every_mutation_is_safe)
{
    /* every single-byte change of small batches of each codec, CRC unchecked so the change
     * reaches the record parser: an error or a success, never a crash (ASan checks) */
    for (int codec = 0; codec < 5; codec++) {
        moldau_batch_builder_t b;
        build(&b, (moldau_codec_t)codec, 6);
        const uint8_t *data;
        size_t len;
        ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
        uint8_t *copy = malloc(len);
        for (size_t i = 0; i < len; i++)
            for (int v = 0; v < 3; v++) {
                static const uint8_t vals[3] = {0x00, 0xff, 0x80};
                memcpy(copy, data, len);
                copy[i] = copy[i] == vals[v] ? (uint8_t)~vals[v] : vals[v];
                (void)read_all(copy, len, 0);
                moldau_err_t err = read_all(copy, len, 1);
                if (i < 8 || (i >= 12 && i < 16)) /* offset, leader epoch: outside the CRC */
                    ck_assert_int_eq(err, MOLDAU_ERR_NONE);
                else if (i >= 17) /* the CRC and what it covers */
                    ck_assert_int_eq(err, MOLDAU_ERR__CRC);
            }
        free(copy);
        moldau_batch_builder_free(&b);
    }
}
END_TEST

Suite *moldau_test_records_suite(void)
{
    Suite *s = suite_create("records");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, worked_example_encodes);
    tcase_add_test(tc, worked_example_decodes);
    tcase_add_loop_test(tc, round_trip_every_codec, 0, 5);
    tcase_add_test(tc, producer_fields_and_flags);
    tcase_add_test(tc, control_and_log_append_time);
    tcase_add_test(tc, empty_batch_and_bad_args);
    tcase_add_test(tc, partial_trailing_batch_is_normal);
    tcase_add_test(tc, crc_mismatch);
    tcase_add_test(tc, malformed_batches);
    tcase_add_test(tc, every_mutation_is_safe);
    suite_add_tcase(s, tc);
    return s;
}
