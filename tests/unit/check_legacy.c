/* Legacy message sets (magic 0 and 1, RECORD_FORMAT.md §5), built by hand: plain messages,
 * compressed wrappers with absolute (magic 0) and relative (magic 1) inner offsets, the magic 0
 * lz4 header checksum, LogAppendTime wrappers, CRC-32 checks and malformed sets. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

#include "moldau/protocol.h"

#define B(s) ((moldau_bytes_t){(const uint8_t *)(s), (int32_t)strlen(s)})

/* Appends one entry: offset, size, crc, magic, attributes, [timestamp], key, value. */
static void put_message(moldau_buf_t *w, int64_t offset, int8_t magic, int8_t attributes,
                        int64_t ts, moldau_bytes_t key, moldau_bytes_t value)
{
    moldau_w_i64(w, offset);
    size_t size_at = moldau_frame_begin(w);
    size_t crc_at = w->len;
    moldau_w_u32(w, 0);
    moldau_w_i8(w, magic);
    moldau_w_i8(w, attributes);
    if (magic == 1)
        moldau_w_i64(w, ts);
    moldau_w_bytes(w, key, 0);
    moldau_w_bytes(w, value, 0);
    moldau_frame_end(w, size_at);
    uint32_t crc = (uint32_t)crc32(0, w->data + crc_at + 4, (uInt)(w->len - crc_at - 4));
    moldau_buf_patch_i32(w, crc_at, (int32_t)crc);
}

/* A wrapper holding `n` inner messages "v0".."v{n-1}" with the given inner offsets. */
static void put_wrapper(moldau_buf_t *w, int64_t wrapper_offset, int8_t magic, int8_t attributes,
                        int64_t wrapper_ts, const int64_t *inner_offsets, int n)
{
    moldau_buf_t inner, z;
    moldau_buf_init(&inner);
    moldau_buf_init(&z);
    for (int i = 0; i < n; i++) {
        char k[16], v[16];
        snprintf(k, sizeof(k), "k%d", i);
        snprintf(v, sizeof(v), "v%d", i);
        put_message(&inner, inner_offsets[i], magic, 0, 1000 + i, B(k), B(v));
    }
    moldau_codec_t codec = (moldau_codec_t)(attributes & 7);
    ck_assert_int_eq(moldau_compress(codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT, inner.data,
                                     inner.len, &z), MOLDAU_ERR_NONE);
    if (codec == MOLDAU_CODEC_LZ4 && magic == 0)
        z.data[6] = 0x1a; /* Kafka 0.8's header checksum, over magic and descriptor */
    put_message(w, wrapper_offset, magic, attributes, wrapper_ts, MOLDAU_BYTES_NULL,
                (moldau_bytes_t){z.data, (int32_t)z.len});
    moldau_buf_free(&inner);
    moldau_buf_free(&z);
}

typedef struct {
    int64_t offset, ts;
    char key[16], value[16];
    int key_null, value_null;
} got_t;

/* Reads the whole set; returns the first error and fills up to 16 records. */
static moldau_err_t read_set(const moldau_buf_t *w, got_t *got, int *n, int64_t *next_offset)
{
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_set_init(&rs, w->data, w->len);
    moldau_err_t err = MOLDAU_ERR_NONE;
    *n = 0;
    while (!err && moldau_record_set_next(&rs, &batch)) {
        if (next_offset)
            *next_offset = moldau_batch_next_offset(&batch);
        moldau_record_iter_t it;
        moldau_record_t rec;
        err = moldau_record_iter_init(&it, &batch, &dbuf, 4096);
        while (!err && moldau_record_iter_next(&it, &rec) && *n < 16) {
            got_t *g = &got[(*n)++];
            memset(g, 0, sizeof(*g));
            g->offset = rec.offset;
            g->ts = rec.timestamp;
            g->key_null = rec.key.len < 0;
            g->value_null = rec.value.len < 0;
            if (rec.key.len > 0)
                memcpy(g->key, rec.key.data, (size_t)rec.key.len);
            if (rec.value.len > 0)
                memcpy(g->value, rec.value.data, (size_t)rec.value.len);
            ck_assert_int_eq(rec.n_headers, 0);
        }
        if (!err)
            err = it.err;
    }
    if (!err)
        err = rs.err;
    moldau_buf_free(&dbuf);
    return err;
}

START_TEST(plain_messages)
{
    for (int8_t magic = 0; magic <= 1; magic++) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        put_message(&w, 5, magic, 0, 111, MOLDAU_BYTES_NULL, B("a"));
        put_message(&w, 6, magic, 0, 222, B("key"), (moldau_bytes_t){(const uint8_t *)"", 0});
        put_message(&w, 7, magic, 0x08, 333, B("dead"), MOLDAU_BYTES_NULL); /* a tombstone */
        got_t got[16];
        int n;
        int64_t next = 0;
        ck_assert_int_eq(read_set(&w, got, &n, &next), MOLDAU_ERR_NONE);
        ck_assert_int_eq(n, 3);
        ck_assert_int_eq(next, 8);
        for (int i = 0; i < 3; i++) {
            ck_assert_int_eq(got[i].offset, 5 + i);
            ck_assert_int_eq(got[i].ts, magic ? 111 * (i + 1) : -1);
        }
        ck_assert(got[0].key_null && strcmp(got[0].value, "a") == 0);
        ck_assert(!got[1].key_null && strcmp(got[1].key, "key") == 0 && !got[1].value_null);
        ck_assert(got[2].value_null && strcmp(got[2].key, "dead") == 0);
        moldau_buf_free(&w);
    }
}
END_TEST

START_TEST(magic1_wrappers_relative_offsets)
{
    static const int64_t rel[3] = {0, 1, 2};
    for (int codec = 1; codec <= 3; codec++) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        put_wrapper(&w, 102, 1, (int8_t)codec, 9999, rel, 3);
        got_t got[16];
        int n;
        int64_t next;
        ck_assert_int_eq(read_set(&w, got, &n, &next), MOLDAU_ERR_NONE);
        ck_assert_int_eq(n, 3);
        ck_assert_int_eq(next, 103);
        for (int i = 0; i < 3; i++) {
            ck_assert_int_eq(got[i].offset, 100 + i);
            ck_assert_int_eq(got[i].ts, 1000 + i); /* CreateTime: the inner timestamps */
            ck_assert(got[i].key[1] == '0' + i && got[i].value[1] == '0' + i);
        }
        /* LogAppendTime on the wrapper: its timestamp for every inner message */
        moldau_buf_reset(&w);
        put_wrapper(&w, 102, 1, (int8_t)(codec | 0x08), 9999, rel, 3);
        ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR_NONE);
        for (int i = 0; i < 3; i++)
            ck_assert_int_eq(got[i].ts, 9999);
        /* a wrapper offset of 0 means base 0 */
        moldau_buf_reset(&w);
        put_wrapper(&w, 0, 1, (int8_t)codec, 0, rel, 3);
        ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR_NONE);
        ck_assert_int_eq(got[0].offset, 0);
        ck_assert_int_eq(got[2].offset, 2);
        moldau_buf_free(&w);
    }
}
END_TEST

START_TEST(magic0_wrappers_absolute_offsets)
{
    static const int64_t abs_offsets[3] = {50, 51, 52};
    for (int codec = 1; codec <= 3; codec++) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        put_wrapper(&w, 52, 0, (int8_t)codec, 0, abs_offsets, 3);
        if (codec == MOLDAU_CODEC_LZ4) /* the broken checksum is in place */
            ck_assert_uint_eq(w.data[12 + 4 + 1 + 1 + 4 + 4 + 6], 0x1a);
        got_t got[16];
        int n;
        ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR_NONE);
        ck_assert_int_eq(n, 3);
        for (int i = 0; i < 3; i++) {
            ck_assert_int_eq(got[i].offset, 50 + i);
            ck_assert_int_eq(got[i].ts, -1);
        }
        moldau_buf_free(&w);
    }
}
END_TEST

START_TEST(mixed_with_v2_and_partial)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    put_message(&w, 0, 1, 0, 10, B("old"), B("one"));
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, 0);
    b.base_offset = 1;
    ck_assert_int_eq(moldau_batch_builder_append(&b, 20, B("new"), B("two"), NULL, 0), 0);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), 0);
    moldau_buf_put(&w, data, len);
    put_message(&w, 2, 1, 0, 30, B("cut"), B("three"));
    w.len -= 3; /* the broker cut the last message */
    got_t got[16];
    int n;
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR_NONE);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(got[0].offset, 0);
    ck_assert_str_eq(got[0].value, "one");
    ck_assert_int_eq(got[1].offset, 1);
    ck_assert_str_eq(got[1].value, "two");
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, w.data, w.len);
    while (moldau_record_set_next(&rs, &batch))
        ;
    ck_assert_int_eq(rs.partial, 1);
    ck_assert_int_eq(rs.err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq((size_t)(rs.p - w.data), w.len);
    moldau_batch_builder_free(&b);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(crc_checks)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    put_message(&w, 0, 0, 0, 0, B("k"), B("value"));
    w.data[w.len - 1] ^= 1;
    got_t got[16];
    int n;
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR__CRC);

    /* an inner message with a bad CRC, inside a wrapper with a good one */
    moldau_buf_t inner, z;
    moldau_buf_init(&inner);
    moldau_buf_init(&z);
    put_message(&inner, 0, 1, 0, 5, B("a"), B("b"));
    put_message(&inner, 1, 1, 0, 5, B("c"), B("d"));
    inner.data[inner.len - 1] ^= 1;
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_GZIP, 1, inner.data, inner.len, &z), 0);
    moldau_buf_reset(&w);
    put_message(&w, 1, 1, MOLDAU_CODEC_GZIP, 0, MOLDAU_BYTES_NULL,
                (moldau_bytes_t){z.data, (int32_t)z.len});
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR__CRC);
    ck_assert_int_eq(n, 1); /* the first inner message was fine */

    /* with the checks off, both come through */
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, w.data, w.len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_record_iter_t it;
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, &dbuf, 4096), 0);
    it.check_crc = 0;
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 0);
    ck_assert_int_eq(it.err, MOLDAU_ERR_NONE);
    moldau_buf_free(&dbuf);
    moldau_buf_free(&inner);
    moldau_buf_free(&z);
    moldau_buf_free(&w);
}
END_TEST

/* A wrapper around an arbitrary inner set. */
static moldau_err_t wrap_and_read(moldau_codec_t codec, int8_t magic, const moldau_buf_t *inner)
{
    moldau_buf_t z, w;
    moldau_buf_init(&z);
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_compress(codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT, inner->data,
                                     inner->len, &z), 0);
    put_message(&w, 9, magic, (int8_t)codec, 0, MOLDAU_BYTES_NULL,
                (moldau_bytes_t){z.data, (int32_t)z.len});
    got_t got[16];
    int n;
    moldau_err_t err = read_set(&w, got, &n, NULL);
    moldau_buf_free(&z);
    moldau_buf_free(&w);
    return err;
}

START_TEST(malformed_sets)
{
    moldau_buf_t inner;
    moldau_buf_init(&inner);
    put_message(&inner, 0, 1, 0, 5, B("a"), B("b"));
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_GZIP, 1, &inner), MOLDAU_ERR_NONE);
    /* inner magic differs from the wrapper's */
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_GZIP, 0, &inner), MOLDAU_ERR__BAD_MSG);
    /* zstd never existed for legacy messages */
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_ZSTD, 1, &inner), MOLDAU_ERR__BAD_COMPRESSION);
    /* a truncated inner set */
    inner.len -= 2;
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_GZIP, 1, &inner), MOLDAU_ERR__BAD_MSG);
    /* nested compression */
    moldau_buf_reset(&inner);
    put_message(&inner, 0, 1, MOLDAU_CODEC_GZIP, 5, MOLDAU_BYTES_NULL, B("zz"));
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_GZIP, 1, &inner), MOLDAU_ERR__BAD_MSG);
    /* a wrapper bigger than the limit given to the reader (4096) */
    moldau_buf_reset(&inner);
    char big[3000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    put_message(&inner, 0, 1, 0, 5, B("a"), B(big));
    put_message(&inner, 1, 1, 0, 5, B("a"), B(big));
    ck_assert_int_eq(wrap_and_read(MOLDAU_CODEC_SNAPPY, 1, &inner), MOLDAU_ERR__TOO_LARGE);
    moldau_buf_free(&inner);

    moldau_buf_t w;
    moldau_buf_init(&w);
    got_t got[16];
    int n;
    /* a wrapper without a value */
    put_message(&w, 0, 1, MOLDAU_CODEC_GZIP, 0, MOLDAU_BYTES_NULL, MOLDAU_BYTES_NULL);
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR__BAD_MSG);
    /* a message whose size says more than its key and value hold */
    moldau_buf_reset(&w);
    put_message(&w, 0, 0, 0, 0, B("k"), B("v"));
    moldau_w_i8(&w, 0);
    moldau_buf_patch_i32(&w, 8, (int32_t)(w.len - 12));
    uint32_t crc = (uint32_t)crc32(0, w.data + 16, (uInt)(w.len - 16));
    moldau_buf_patch_i32(&w, 12, (int32_t)crc);
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR__BAD_MSG);
    /* a key length past the end */
    moldau_buf_reset(&w);
    put_message(&w, 0, 0, 0, 0, B("k"), B("v"));
    moldau_buf_patch_i32(&w, 18, 1000);
    ck_assert_int_eq(read_set(&w, got, &n, NULL), MOLDAU_ERR__BAD_MSG);
    moldau_buf_free(&w);
}
END_TEST

Suite *moldau_test_legacy_suite(void)
{
    Suite *s = suite_create("legacy");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, plain_messages);
    tcase_add_test(tc, magic1_wrappers_relative_offsets);
    tcase_add_test(tc, magic0_wrappers_absolute_offsets);
    tcase_add_test(tc, mixed_with_v2_and_partial);
    tcase_add_test(tc, crc_checks);
    tcase_add_test(tc, malformed_sets);
    suite_add_tcase(s, tc);
    return s;
}
