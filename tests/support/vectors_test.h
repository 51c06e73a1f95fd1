/* Byte vectors for the codec unit suites: hex notation (digits; spaces ignored), a writer's
 * content compared with one, and a response vector decoded whole and cut at every length.
 * Test-only; failures are Check assertions. */
#ifndef MOLDAU_TEST_VECTORS_H
#define MOLDAU_TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

/* Hex into out (at most cap bytes); returns the byte count. */
size_t test_from_hex(const char *hex, uint8_t *out, size_t cap);
/* Asserts that the writer holds exactly the bytes of `hex`. */
void test_expect_hex(const moldau_buf_t *w, const char *hex);

/* A suite's decoder of any of its responses, by API key. */
typedef moldau_err_t (*test_decode_fn)(int16_t key, int16_t version, moldau_reader_t *r,
                                       moldau_arena_t *a, void *out);

/* Decodes the vector whole into `out` (must succeed and consume every byte). The bytes are
 * copied into the arena, so views in `out` stay valid until the arena is freed. */
void test_decode_vector(test_decode_fn fn, int16_t key, int16_t version, const char *hex,
                        moldau_arena_t *a, void *out);
/* The same, and then every strict prefix must give MOLDAU_ERR__BAD_MSG; each prefix is a
 * copy of exactly that length, so ASan sees a read past its end. out_size: sizeof *out. */
void test_decode_vector_and_prefixes(test_decode_fn fn, int16_t key, int16_t version,
                                     const char *hex, void *out, size_t out_size);

/* One entry of a suite's table of response vectors. */
typedef struct test_vector {
    int16_t key, version;
    const char *hex;
} test_vector_t;

/* test_decode_vector and test_decode_vector_and_prefixes for a table entry. */
void test_decode_entry(test_decode_fn fn, const test_vector_t *v, moldau_arena_t *a, void *out);
void test_decode_entry_and_prefixes(test_decode_fn fn, const test_vector_t *v, void *out,
                                    size_t out_size);
/* Defines, for a suite's table `table` of test_vector_t decoded by `fn` into a T: the loop
 * test response_whole_and_truncated (register it over the table's indexes) and
 * decode_whole(i, arena, out), the i-th entry decoded whole. Needs <check.h>. */
#define TEST_RESPONSE_VECTORS(table, fn, T)                                                       \
    START_TEST(response_whole_and_truncated)                                                      \
    {                                                                                             \
        T out_;                                                                                   \
        test_decode_entry_and_prefixes(fn, &table[_i], &out_, sizeof(out_));                      \
    }                                                                                             \
    END_TEST                                                                                      \
    static void decode_whole(int i, moldau_arena_t *a, T *out)                                   \
    {                                                                                             \
        test_decode_entry(fn, &table[i], a, out);                                                 \
    }

/* Asserts that the entry is refused as malformed (MOLDAU_ERR__BAD_MSG). */
void test_decode_refused(test_decode_fn fn, const test_vector_t *v, void *out);

#endif
