/* CRC-32C: the check value and the iSCSI vectors (RFC 3720 B.4), chaining, and agreement of
 * the SSE4.2 and portable implementations over every length 0..300 from every alignment, plus
 * lengths long enough for the three-stream path. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/crc32c.h"

static const struct {
    const char *name;
    uint32_t crc;
} vectors[] = {
    {"zeros", 0x8A9136AA}, {"ones", 0x62A8AB43}, {"ascending", 0x46DD794E},
    {"descending", 0x113FDB5C},
};

static void fill_vector(int i, uint8_t buf[32])
{
    for (int k = 0; k < 32; k++)
        buf[k] = i == 0 ? 0 : i == 1 ? 0xff : i == 2 ? (uint8_t)k : (uint8_t)(31 - k);
}

static void each_impl(void (*fn)(void))
{
    ck_assert_int_eq(moldau__crc32c_select(MOLDAU__CRC32C_PORTABLE), 0);
    fn();
    if (moldau__crc32c_select(MOLDAU__CRC32C_SSE42) == 0)
        fn();
    ck_assert_int_eq(moldau__crc32c_select(MOLDAU__CRC32C_AUTO), 0);
    fn();
}

static void check_value(void)
{
    ck_assert_uint_eq(moldau_crc32c(0, "123456789", 9), 0xE3069283u);
    ck_assert_uint_eq(moldau_crc32c(0, "", 0), 0);
    ck_assert_uint_eq(moldau_crc32c(0, "a", 1), 0xC1D04330u);
    uint8_t buf[32];
    for (int i = 0; i < 4; i++) {
        fill_vector(i, buf);
        ck_assert_msg(moldau_crc32c(0, buf, sizeof(buf)) == vectors[i].crc, "%s", vectors[i].name);
    }
}

START_TEST(known_vectors) { each_impl(check_value); }
END_TEST

static void check_chaining(void)
{
    const char *s = "The quick brown fox jumps over the lazy dog";
    size_t n = strlen(s);
    uint32_t whole = moldau_crc32c(0, s, n);
    for (size_t cut = 0; cut <= n; cut++)
        ck_assert_uint_eq(moldau_crc32c(moldau_crc32c(0, s, cut), s + cut, n - cut), whole);
}

START_TEST(chaining) { each_impl(check_chaining); }
END_TEST

START_TEST(implementations_agree)
{
    if (!moldau__crc32c_have_sse42())
        return; /* nothing to compare against; the vectors above cover the portable path */
    enum { MAX = 300, PAD = 8 };
    uint8_t *buf = malloc(MAX + PAD);
    srand(1234);
    for (size_t i = 0; i < MAX + PAD; i++)
        buf[i] = (uint8_t)rand();
    for (size_t off = 0; off < PAD; off++)
        for (size_t n = 0; n <= MAX; n++) {
            uint32_t seed = (uint32_t)(n * 2654435761u);
            ck_assert_msg(moldau__crc32c_portable(seed, buf + off, n) ==
                              moldau__crc32c_sse42(seed, buf + off, n),
                          "len %zu offset %zu", n, off);
        }
    free(buf);
}
END_TEST

START_TEST(long_buffers_agree)
{
    /* around the 3 x 256 and 3 x 8192 stream sizes, and well past them */
    static const size_t lens[] = {767, 768, 769, 1543, 24575, 24576, 24577, 50000, 200003};
    uint8_t *buf = malloc(200003 + 8);
    srand(99);
    for (size_t i = 0; i < 200003 + 8; i++)
        buf[i] = (uint8_t)rand();
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (size_t off = 0; off < 8; off += 3) {
            uint32_t p = moldau__crc32c_portable(0, buf + off, lens[i]);
            /* a byte-at-a-time reference keeps the portable path honest too */
            uint32_t ref = 0;
            for (size_t k = 0; k < lens[i]; k++)
                ref = moldau__crc32c_portable(ref, buf + off + k, 1);
            ck_assert_uint_eq(p, ref);
            if (moldau__crc32c_have_sse42())
                ck_assert_uint_eq(moldau__crc32c_sse42(0, buf + off, lens[i]), p);
            ck_assert_uint_eq(moldau_crc32c(0, buf + off, lens[i]), p);
        }
    free(buf);
}
END_TEST

START_TEST(select_rejects_unknown)
{
    ck_assert_int_eq(moldau__crc32c_select((moldau__crc32c_impl_t)7), -1);
    ck_assert_int_eq(moldau__crc32c_select(MOLDAU__CRC32C_AUTO), 0);
}
END_TEST

Suite *moldau_test_crc32c_suite(void)
{
    Suite *s = suite_create("crc32c");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, known_vectors);
    tcase_add_test(tc, chaining);
    tcase_add_test(tc, implementations_agree);
    tcase_add_test(tc, long_buffers_agree);
    tcase_add_test(tc, select_rejects_unknown);
    suite_add_tcase(s, tc);
    return s;
}
