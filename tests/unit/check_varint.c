/* The raw encoder of protocol/varint.h and the writer's two paths around it: sizes at every
 * 7-bit boundary agree with the bytes written and with the reader; the writer writes the same
 * bytes whether its buffer has room or must grow, and a failed writer stays failed; a record's
 * field size (records.h) matches what the builder writes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/varint.h"

/* Values on both sides of every width change of an unsigned varint. */
static size_t boundaries(uint64_t *out)
{
    size_t n = 0;
    out[n++] = 0;
    for (int bits = 7; bits < 64; bits += 7) {
        out[n++] = ((uint64_t)1 << bits) - 1;
        out[n++] = (uint64_t)1 << bits;
    }
    out[n++] = UINT64_MAX;
    return n;
}

static size_t slow_size(uint64_t u)
{
    size_t n = 1;
    for (; u >= 0x80; u >>= 7)
        n++;
    return n;
}

START_TEST(uvarint_size_matches_bytes_written)
{
    uint64_t v[32];
    size_t n = boundaries(v);
    for (size_t i = 0; i < n; i++) {
        uint8_t buf[MOLDAU__VARLONG_MAX + 1];
        memset(buf, 0xee, sizeof(buf));
        uint8_t *end = moldau__put_uvarint(buf, v[i]);
        ck_assert_uint_eq((size_t)(end - buf), slow_size(v[i]));
        ck_assert_uint_eq(moldau__uvarint_size(v[i]), slow_size(v[i]));
        ck_assert_uint_eq(buf[end - buf], 0xee); /* nothing written past the end */
        ck_assert_uint_eq(end[-1] & 0x80, 0);
    }
}
END_TEST

START_TEST(varint_and_varlong_read_back)
{
    static const int64_t vals[] = {0, -1, 1, 63, -64, 64, -65, 8191, -8192, 8192, INT32_MAX,
                                   INT32_MIN, (int64_t)1 << 40, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        uint8_t buf[32];
        uint8_t *p = moldau__put_varlong(buf, vals[i]);
        ck_assert_uint_eq((size_t)(p - buf), moldau__varlong_size(vals[i]));
        int32_t v32 = (int32_t)vals[i];
        uint8_t *q = moldau__put_varint(p, v32);
        ck_assert_uint_eq((size_t)(q - p), moldau__varint_size(v32));
        moldau_reader_t r;
        moldau_reader_init(&r, buf, (size_t)(q - buf));
        ck_assert(moldau_r_varlong(&r) == vals[i]);
        ck_assert_int_eq(moldau_r_varint(&r), v32);
        ck_assert_int_eq(r.err, 0);
        ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    }
}
END_TEST

START_TEST(big_endian_stores)
{
    uint8_t b[8];
    moldau__put_be16(b, 0x0102);
    ck_assert(memcmp(b, "\x01\x02", 2) == 0);
    moldau__put_be32(b, 0x01020304);
    ck_assert(memcmp(b, "\x01\x02\x03\x04", 4) == 0);
    moldau__put_be64(b, 0x0102030405060708ULL);
    ck_assert(memcmp(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) == 0);
}
END_TEST

/* Every writer, once into a roomy buffer and once into buffers filled to leave 0..16 bytes
 * free (the fast path's check and the growing path on each side of it): same bytes. */
static void write_all(moldau_buf_t *w)
{
    moldau_w_i8(w, -2);
    moldau_w_i16(w, -3);
    moldau_w_i32(w, 0x11223344);
    moldau_w_i64(w, -5);
    moldau_w_u16(w, 0xfffe);
    moldau_w_u32(w, 0xfffffffd);
    moldau_w_f64(w, 1.5);
    moldau_w_bool(w, 7);
    moldau_w_uvarint(w, UINT32_MAX);
    moldau_w_varint(w, -300);
    moldau_w_varlong(w, INT64_MIN);
    moldau_w_string(w, "abc", 1);
    moldau_w_bytes(w, (moldau_bytes_t){(const uint8_t *)"xy", 2}, 0);
    moldau_buf_put(w, NULL, 0);
    moldau_w_tags_none(w);
}

START_TEST(writer_same_bytes_with_or_without_room)
{
    moldau_buf_t ref;
    moldau_buf_init(&ref);
    ck_assert_int_eq(moldau_buf_reserve(&ref, 4096), 0);
    write_all(&ref);
    ck_assert_int_eq(ref.failed, 0);
    for (size_t free_bytes = 0; free_bytes <= 16; free_bytes++) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        ck_assert_int_eq(moldau_buf_reserve(&w, 256), 0);
        size_t pre = w.cap - free_bytes;
        memset(moldau_buf_extend(&w, pre), 0x5a, pre);
        write_all(&w);
        ck_assert_int_eq(w.failed, 0);
        ck_assert_uint_eq(w.len, pre + ref.len);
        ck_assert(memcmp(w.data + pre, ref.data, ref.len) == 0);
        moldau_buf_free(&w);
    }
    moldau_buf_free(&ref);
}
END_TEST

START_TEST(failed_writer_writes_nothing)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_buf_reserve(&w, 64), 0);
    moldau_w_i32(&w, 1);
    ck_assert_int_eq(moldau_buf_reserve(&w, SIZE_MAX), -1); /* cannot exist */
    ck_assert_int_eq(w.failed, 1);
    write_all(&w);
    ck_assert_ptr_null(moldau_buf_extend(&w, 1));
    ck_assert_uint_eq(w.len, 4);
    moldau_buf_reset(&w);
    moldau_w_i32(&w, 2);
    ck_assert_int_eq(w.failed, 0);
    ck_assert_uint_eq(w.len, 4);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(record_field_size_matches_encoding)
{
    static const int32_t lens[] = {-1, 0, 1, 63, 64, 8191, 8192, (1 << 20) - 1, 1 << 20,
                                   (1 << 27) - 1, 1 << 27, INT32_MAX};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        size_t payload = lens[i] > 0 ? (size_t)lens[i] : 0;
        ck_assert_uint_eq(moldau_record_field_size(lens[i]),
                          moldau__varint_size(lens[i]) + payload);
    }
}
END_TEST

START_TEST(max_size_bounds_appended_bytes_with_headers)
{
    static const uint8_t big[9000];
    moldau_header_t h[3] = {
        {{(const uint8_t *)"k", 1}, {big, 8192}},
        {{big, 0}, MOLDAU_BYTES_NULL},
        {{big, 70}, {big, 63}},
    };
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    for (int i = 0; i < 3; i++) {
        moldau_bytes_t k = {big, i == 0 ? -1 : 64 * i}, v = {big, 8191 + i};
        size_t bound = moldau_record_max_size(k.len, v.len, h, 3);
        size_t before = moldau_batch_builder_size(&b);
        ck_assert_int_eq(moldau_batch_builder_append(&b, 1000 + 100 * i, k, v, h, 3), 0);
        size_t added = moldau_batch_builder_size(&b) - before;
        ck_assert_uint_le(added, bound);
        /* besides the deltas and the length prefix, the bound is exact */
        ck_assert_uint_ge(added + 16, bound);
    }
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), 0);
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, data, len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    moldau_record_iter_t it;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, NULL, 0), 0);
    moldau_record_t rec;
    int n = 0;
    while (moldau_record_iter_next(&it, &rec)) {
        ck_assert_int_eq(rec.value.len, 8191 + n);
        ck_assert_int_eq(rec.n_headers, 3);
        n++;
    }
    ck_assert_int_eq(it.err, 0);
    ck_assert_int_eq(n, 3);
    moldau_batch_builder_free(&b);
}
END_TEST

Suite *moldau_test_varint_suite(void)
{
    Suite *s = suite_create("varint");
    TCase *tc = tcase_create("varint");
    tcase_add_test(tc, uvarint_size_matches_bytes_written);
    tcase_add_test(tc, varint_and_varlong_read_back);
    tcase_add_test(tc, big_endian_stores);
    tcase_add_test(tc, writer_same_bytes_with_or_without_room);
    tcase_add_test(tc, failed_writer_writes_nothing);
    tcase_add_test(tc, record_field_size_matches_encoding);
    tcase_add_test(tc, max_size_bounds_appended_bytes_with_headers);
    suite_add_tcase(s, tc);
    return s;
}
