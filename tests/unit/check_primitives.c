/* Primitive encodings: the varint vectors of RECORD_FORMAT.md §2, strings/bytes/arrays in both
 * forms, tagged fields, and the reader's refusal to read past its end. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "moldau/protocol.h"

static void expect_bytes(const moldau_buf_t *w, const char *hex)
{
    char got[256] = {0};
    for (size_t i = 0; i < w->len && i * 2 + 2 < sizeof(got); i++)
        snprintf(got + i * 2, 3, "%02x", w->data[i]);
    ck_assert_str_eq(got, hex);
}

static const struct { int32_t v; const char *hex; } varints[] = {
    {0, "00"}, {-1, "01"}, {1, "02"}, {-2, "03"}, {63, "7e"}, {-64, "7f"}, {64, "8001"},
    {300, "d804"}, {2147483647, "feffffff0f"}, {-2147483647 - 1, "ffffffff0f"},
};

START_TEST(varint_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_w_varint(&w, varints[_i].v);
    expect_bytes(&w, varints[_i].hex);
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    ck_assert_int_eq(moldau_r_varint(&r), varints[_i].v);
    ck_assert_int_eq(r.err, 0);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    moldau_buf_free(&w);
}
END_TEST

static const struct { uint32_t v; const char *hex; } uvarints[] = {
    {0, "00"}, {1, "01"}, {127, "7f"}, {128, "8001"}, {300, "ac02"}, {16384, "808001"},
};

START_TEST(uvarint_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_w_uvarint(&w, uvarints[_i].v);
    expect_bytes(&w, uvarints[_i].hex);
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    ck_assert_uint_eq(moldau_r_uvarint(&r), uvarints[_i].v);
    ck_assert_int_eq(r.err, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(varlong_round_trip)
{
    static const int64_t vals[] = {0, -1, 1, INT64_MAX, INT64_MIN, 1234567890123LL, -99};
    moldau_buf_t w;
    moldau_buf_init(&w);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        moldau_w_varlong(&w, vals[i]);
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        ck_assert(moldau_r_varlong(&r) == vals[i]);
    ck_assert_int_eq(r.err, 0);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(uvarint_too_long_is_malformed)
{
    static const uint8_t six[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    moldau_reader_t r;
    moldau_reader_init(&r, six, sizeof(six));
    (void)moldau_r_uvarint(&r);
    ck_assert_int_ne(r.err, 0);
}
END_TEST

START_TEST(strings_both_forms)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_w_string(&w, "ab", 0);
    moldau_w_string(&w, NULL, 0);
    moldau_w_string(&w, "ab", 1);
    moldau_w_string(&w, NULL, 1);
    moldau_w_string(&w, "", 1);
    expect_bytes(&w, "00026162ffff03616200" "01");
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    ck_assert_str_eq(moldau_r_string(&r, &a, 0), "ab");
    ck_assert_ptr_null(moldau_r_string(&r, &a, 0));
    ck_assert_str_eq(moldau_r_string(&r, &a, 1), "ab");
    ck_assert_ptr_null(moldau_r_string(&r, &a, 1));
    ck_assert_str_eq(moldau_r_string(&r, &a, 1), "");
    ck_assert_int_eq(r.err, 0);
    moldau_arena_free(&a);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(bytes_and_arrays)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_w_bytes(&w, (moldau_bytes_t){(const uint8_t *)"xyz", 3}, 0);
    moldau_w_bytes(&w, MOLDAU_BYTES_NULL, 1);
    moldau_w_array_len(&w, -1, 0);
    moldau_w_array_len(&w, 2, 1);
    expect_bytes(&w, "0000000378797a00ffffffff03");
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    moldau_bytes_t b = moldau_r_bytes(&r, 0);
    ck_assert_int_eq(b.len, 3);
    ck_assert(memcmp(b.data, "xyz", 3) == 0);
    ck_assert_int_eq(moldau_r_bytes(&r, 1).len, -1);
    ck_assert_int_eq(moldau_r_array_len(&r, 0, 1), -1);
    /* two elements announced, none present: the count exceeds the bytes left */
    ck_assert_int_eq(moldau_r_array_len(&r, 1, 1), 0);
    ck_assert_int_ne(r.err, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(reader_never_reads_past_end)
{
    static const uint8_t three[] = {1, 2, 3};
    moldau_reader_t r;
    moldau_reader_init(&r, three, sizeof(three));
    ck_assert_int_eq(moldau_r_i32(&r), 0);
    ck_assert_int_ne(r.err, 0);
    ck_assert_int_eq(moldau_r_i8(&r), 0); /* sticky */
    static const uint8_t str[] = {0x00, 0x05, 'a', 'b'}; /* length beyond the end */
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_init(&r, str, sizeof(str));
    ck_assert_ptr_null(moldau_r_string(&r, &a, 0));
    ck_assert_int_ne(r.err, 0);
    static const uint8_t neg[] = {0xff, 0xfe}; /* -2 is no valid string length */
    moldau_reader_init(&r, neg, sizeof(neg));
    ck_assert_ptr_null(moldau_r_string(&r, &a, 0));
    ck_assert_int_ne(r.err, 0);
    moldau_arena_free(&a);
}
END_TEST

static void count_tags(moldau_reader_t *field, uint32_t tag, void *ctx)
{
    int *seen = ctx;
    if (tag == 1)
        seen[0] = moldau_r_i32(field);
    seen[1]++;
}

START_TEST(tagged_fields_known_and_unknown)
{
    /* two tags: 1 (int32 7) and 5 (3 unknown bytes), then a trailing byte */
    static const uint8_t tags[] = {0x02, 0x01, 0x04, 0, 0, 0, 7, 0x05, 0x03, 9, 9, 9, 0x42};
    int seen[2] = {0, 0};
    moldau_reader_t r;
    moldau_reader_init(&r, tags, sizeof(tags));
    moldau_r_tags(&r, count_tags, seen);
    ck_assert_int_eq(r.err, 0);
    ck_assert_int_eq(seen[0], 7);
    ck_assert_int_eq(seen[1], 2);
    ck_assert_int_eq(moldau_r_i8(&r), 0x42);
    /* tags out of order are malformed */
    static const uint8_t bad[] = {0x02, 0x05, 0x00, 0x01, 0x00};
    moldau_reader_init(&r, bad, sizeof(bad));
    moldau_r_tags(&r, NULL, NULL);
    ck_assert_int_ne(r.err, 0);
}
END_TEST

START_TEST(request_header_forms)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    size_t at = moldau_frame_begin(&w);
    /* Metadata v12 is flexible: header v2, client id still classic, then an empty tag section */
    ck_assert_int_eq(moldau_request_header_write(&w, MOLDAU_API_METADATA, 12, 7, "c"), 0);
    moldau_frame_end(&w, at);
    expect_bytes(&w, "0000000c" "0003" "000c" "00000007" "000163" "00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_request_header_write(&w, MOLDAU_API_METADATA, 8, 7, NULL), 0);
    expect_bytes(&w, "0003" "0008" "00000007" "ffff");
    ck_assert_int_eq(moldau_response_header_version(MOLDAU_API_API_VERSIONS, 4), 0);
    ck_assert_int_eq(moldau_response_header_version(MOLDAU_API_METADATA, 9), 1);
    ck_assert_int_eq(moldau_response_header_version(MOLDAU_API_METADATA, 8), 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(api_table_is_sorted_and_sane)
{
    size_t n;
    const moldau_api_info_t *t = moldau_api_table(&n);
    ck_assert_uint_ge(n, 21);
    for (size_t i = 0; i < n; i++) {
        ck_assert(t[i].min_version <= t[i].max_version);
        if (i)
            ck_assert(t[i - 1].key < t[i].key);
        ck_assert_ptr_eq(moldau_api_info(t[i].key), &t[i]);
    }
    ck_assert_ptr_null(moldau_api_info(9999));
}
END_TEST

Suite *moldau_test_primitives_suite(void)
{
    Suite *s = suite_create("primitives");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, varint_vectors, 0, sizeof(varints) / sizeof(varints[0]));
    tcase_add_loop_test(tc, uvarint_vectors, 0, sizeof(uvarints) / sizeof(uvarints[0]));
    tcase_add_test(tc, varlong_round_trip);
    tcase_add_test(tc, uvarint_too_long_is_malformed);
    tcase_add_test(tc, strings_both_forms);
    tcase_add_test(tc, bytes_and_arrays);
    tcase_add_test(tc, reader_never_reads_past_end);
    tcase_add_test(tc, tagged_fields_known_and_unknown);
    tcase_add_test(tc, request_header_forms);
    tcase_add_test(tc, api_table_is_sorted_and_sane);
    suite_add_tcase(s, tc);
    return s;
}
