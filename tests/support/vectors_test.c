/* Byte vectors for the codec unit suites (see vectors_test.h). */
#include "vectors_test.h"

#include <check.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VECTOR 4096

size_t test_from_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        ck_assert_msg(isxdigit((unsigned char)*p), "not hex: '%c'", *p);
        int v = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
        if (hi < 0) {
            hi = v;
        } else {
            ck_assert_uint_lt(n, cap);
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    ck_assert_int_eq(hi, -1);
    return n;
}

void test_expect_hex(const moldau_buf_t *w, const char *hex)
{
    uint8_t want[MAX_VECTOR];
    size_t n = test_from_hex(hex, want, sizeof(want));
    ck_assert_int_eq(w->failed, 0);
    ck_assert_uint_eq(w->len, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(w->data[i] == want[i], "byte %zu: got %02x want %02x", i, w->data[i],
                      want[i]);
}

void test_decode_vector(test_decode_fn fn, int16_t key, int16_t version, const char *hex,
                        moldau_arena_t *a, void *out)
{
    uint8_t buf[MAX_VECTOR];
    size_t n = test_from_hex(hex, buf, sizeof(buf));
    uint8_t *copy = moldau_arena_calloc(a, n ? n : 1, 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, buf, n);
    moldau_reader_t r;
    moldau_reader_init(&r, copy, n);
    moldau_err_t err = fn(key, version, &r, a, out);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "key %d v%d: %s", key, version, moldau_err_name(err));
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
}

void test_decode_vector_and_prefixes(test_decode_fn fn, int16_t key, int16_t version,
                                     const char *hex, void *out, size_t out_size)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    test_decode_vector(fn, key, version, hex, &a, out);
    moldau_arena_free(&a);
    uint8_t buf[MAX_VECTOR];
    size_t n = test_from_hex(hex, buf, sizeof(buf));
    for (size_t len = 0; len < n; len++) {
        uint8_t *cut = malloc(len ? len : 1);
        ck_assert_ptr_nonnull(cut);
        memcpy(cut, buf, len);
        moldau_reader_t r;
        moldau_reader_init(&r, cut, len);
        moldau_arena_init(&a);
        memset(out, 0, out_size);
        moldau_err_t err = fn(key, version, &r, &a, out);
        moldau_arena_free(&a);
        free(cut);
        ck_assert_msg(err == MOLDAU_ERR__BAD_MSG, "key %d v%d: the first %zu of %zu bytes "
                      "decoded (%s)", key, version, len, n, moldau_err_name(err));
    }
}

void test_decode_entry(test_decode_fn fn, const test_vector_t *v, moldau_arena_t *a, void *out)
{
    test_decode_vector(fn, v->key, v->version, v->hex, a, out);
}

void test_decode_entry_and_prefixes(test_decode_fn fn, const test_vector_t *v, void *out,
                                    size_t out_size)
{
    test_decode_vector_and_prefixes(fn, v->key, v->version, v->hex, out, out_size);
}

void test_decode_refused(test_decode_fn fn, const test_vector_t *v, void *out)
{
    uint8_t buf[MAX_VECTOR];
    size_t n = test_from_hex(v->hex, buf, sizeof(buf));
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_err_t err = fn(v->key, v->version, &r, &a, out);
    moldau_arena_free(&a);
    ck_assert_msg(err == MOLDAU_ERR__BAD_MSG, "key %d v%d: %s", v->key, v->version,
                  moldau_err_name(err));
}
