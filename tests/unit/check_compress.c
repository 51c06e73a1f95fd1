/* Compression codecs: round trips at several sizes and levels, the framing bytes Kafka expects
 * (xerial snappy header, lz4 frame header 04 22 4d 18 60 40 82), raw snappy on read, the magic 0
 * lz4 header checksum, the output limit (TOO_LARGE without allocating past it), and corrupt or
 * truncated input giving BAD_COMPRESSION. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <snappy-c.h>
#include <zlib.h>

#include "moldau/protocol.h"
#include "protocol/compress_internal.h"

static const moldau_codec_t codecs[] = {MOLDAU_CODEC_NONE, MOLDAU_CODEC_GZIP, MOLDAU_CODEC_SNAPPY,
                                        MOLDAU_CODEC_LZ4, MOLDAU_CODEC_ZSTD};
#define N_CODECS (sizeof(codecs) / sizeof(codecs[0]))

/* Half text-like (compressible), half pseudo-random, so blocks of both kinds appear. */
static uint8_t *make_input(size_t n, unsigned seed)
{
    uint8_t *p = malloc(n ? n : 1);
    srand(seed);
    for (size_t i = 0; i < n; i++)
        p[i] = (i / 1000) % 2 ? (uint8_t)rand() : (uint8_t)("moldau kafka record "[i % 20]);
    return p;
}

static void round_trip(moldau_codec_t codec, int level, size_t n)
{
    uint8_t *in = make_input(n, (unsigned)n);
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_compress(codec, level, in, n, &z), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_decompress(codec, z.data, z.len, n, &out), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.len, n);
    ck_assert(n == 0 || memcmp(out.data, in, n) == 0);
    /* one byte less room than needed is refused */
    if (n > 0) {
        moldau_buf_reset(&out);
        ck_assert_int_eq(moldau_decompress(codec, z.data, z.len, n - 1, &out),
                         MOLDAU_ERR__TOO_LARGE);
        ck_assert_uint_eq(out.len, 0);
    }
    moldau_buf_free(&z);
    moldau_buf_free(&out);
    free(in);
}

START_TEST(round_trips)
{
    static const size_t sizes[] = {0, 1, 100, 4096, 32767, 32768, 32769, 65536, 65537, 300000};
    moldau_codec_t codec = codecs[_i];
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (sizes[i] == 0 && (codec == MOLDAU_CODEC_GZIP || codec == MOLDAU_CODEC_ZSTD ||
                              codec == MOLDAU_CODEC_LZ4 || codec == MOLDAU_CODEC_SNAPPY)) {
            /* an empty payload still compresses to a valid, empty stream */
            moldau_buf_t z, out;
            moldau_buf_init(&z);
            moldau_buf_init(&out);
            ck_assert_int_eq(moldau_compress(codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT, "", 0, &z),
                             MOLDAU_ERR_NONE);
            ck_assert_int_eq(moldau_decompress(codec, z.data, z.len, 0, &out), MOLDAU_ERR_NONE);
            ck_assert_uint_eq(out.len, 0);
            moldau_buf_free(&z);
            moldau_buf_free(&out);
            continue;
        }
        round_trip(codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT, sizes[i]);
    }
}
END_TEST

START_TEST(levels)
{
    static const struct { moldau_codec_t c; int level; } ok[] = {
        {MOLDAU_CODEC_GZIP, 1}, {MOLDAU_CODEC_GZIP, 9}, {MOLDAU_CODEC_GZIP, -1},
        {MOLDAU_CODEC_LZ4, 1},  {MOLDAU_CODEC_LZ4, 9},  {MOLDAU_CODEC_LZ4, 12},
        {MOLDAU_CODEC_LZ4, 17}, {MOLDAU_CODEC_ZSTD, -5}, {MOLDAU_CODEC_ZSTD, 1},
        {MOLDAU_CODEC_ZSTD, 19},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        round_trip(ok[i].c, ok[i].level, 70000);
    static const struct { moldau_codec_t c; int level; } bad[] = {
        {MOLDAU_CODEC_GZIP, 10}, {MOLDAU_CODEC_GZIP, 0}, {MOLDAU_CODEC_LZ4, 0},
        {MOLDAU_CODEC_LZ4, 18},  {MOLDAU_CODEC_ZSTD, 23},
    };
    moldau_buf_t z;
    moldau_buf_init(&z);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_int_eq(moldau_compress(bad[i].c, bad[i].level, "x", 1, &z),
                         MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(z.len, 0);
    moldau_buf_free(&z);
}
END_TEST

START_TEST(appends_to_existing_content)
{
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    moldau_buf_put(&z, "HDR", 3);
    moldau_buf_put(&out, "pre", 3);
    const char *msg = "hello hello hello hello";
    for (size_t i = 0; i < N_CODECS; i++) {
        z.len = 3;
        out.len = 3;
        ck_assert_int_eq(moldau_compress(codecs[i], MOLDAU_COMPRESSION_LEVEL_DEFAULT, msg,
                                         strlen(msg), &z), MOLDAU_ERR_NONE);
        ck_assert(memcmp(z.data, "HDR", 3) == 0);
        ck_assert_int_eq(moldau_decompress(codecs[i], z.data + 3, z.len - 3, strlen(msg), &out),
                         MOLDAU_ERR_NONE);
        ck_assert_uint_eq(out.len, 3 + strlen(msg));
        ck_assert(memcmp(out.data, "pre", 3) == 0 && memcmp(out.data + 3, msg, strlen(msg)) == 0);
    }
    moldau_buf_free(&z);
    moldau_buf_free(&out);
}
END_TEST

START_TEST(limit_bounds_allocation)
{
    /* 8 MiB of zeros compress to almost nothing; a 64 KiB limit must stop it at 64 KiB */
    size_t n = 8u << 20;
    uint8_t *in = calloc(1, n);
    for (size_t i = 1; i < N_CODECS; i++) {
        moldau_buf_t z, out;
        moldau_buf_init(&z);
        moldau_buf_init(&out);
        ck_assert_int_eq(moldau_compress(codecs[i], MOLDAU_COMPRESSION_LEVEL_DEFAULT, in, n, &z),
                         MOLDAU_ERR_NONE);
        ck_assert_int_eq(moldau_decompress(codecs[i], z.data, z.len, 65536, &out),
                         MOLDAU_ERR__TOO_LARGE);
        ck_assert_uint_eq(out.len, 0);
        ck_assert_msg(out.cap <= 65536 + 1, "codec %d grew to %zu", (int)codecs[i], out.cap);
        moldau_buf_free(&z);
        moldau_buf_free(&out);
    }
    free(in);
}
END_TEST

START_TEST(corrupt_and_truncated)
{
    uint8_t *in = make_input(50000, 7);
    for (size_t i = 1; i < N_CODECS; i++) {
        moldau_buf_t z, out;
        moldau_buf_init(&z);
        moldau_buf_init(&out);
        ck_assert_int_eq(moldau_compress(codecs[i], MOLDAU_COMPRESSION_LEVEL_DEFAULT, in, 50000,
                                         &z), MOLDAU_ERR_NONE);
        /* truncated anywhere: an error, never a crash or a short success */
        size_t cuts[] = {0, 1, 5, z.len / 2, z.len - 1};
        for (size_t k = 0; k < sizeof(cuts) / sizeof(cuts[0]); k++) {
            moldau_err_t err = moldau_decompress(codecs[i], z.data, cuts[k], 50000, &out);
            ck_assert_msg(err == MOLDAU_ERR__BAD_COMPRESSION, "codec %d cut %zu: %d",
                          (int)codecs[i], cuts[k], (int)err);
            ck_assert_uint_eq(out.len, 0);
        }
        /* garbage */
        uint8_t junk[64];
        memset(junk, 0xA5, sizeof(junk));
        ck_assert_int_eq(moldau_decompress(codecs[i], junk, sizeof(junk), 50000, &out),
                         MOLDAU_ERR__BAD_COMPRESSION);
        moldau_buf_free(&z);
        moldau_buf_free(&out);
    }
    moldau_buf_t out;
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_decompress((moldau_codec_t)5, "x", 1, 10, &out),
                     MOLDAU_ERR__BAD_COMPRESSION);
    ck_assert_int_eq(moldau_compress((moldau_codec_t)7, 0, "x", 1, &out),
                     MOLDAU_ERR__BAD_COMPRESSION);
    moldau_buf_free(&out);
    free(in);
}
END_TEST

START_TEST(snappy_xerial_framing)
{
    size_t n = 70000; /* three blocks: 32768 + 32768 + 4464 input bytes */
    uint8_t *in = make_input(n, 3);
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_SNAPPY, 0, in, n, &z), MOLDAU_ERR_NONE);
    static const uint8_t header[16] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
    ck_assert(memcmp(z.data, header, 16) == 0);
    size_t pos = 16, blocks = 0, total = 0;
    while (pos < z.len) {
        uint32_t len = (uint32_t)z.data[pos] << 24 | (uint32_t)z.data[pos + 1] << 16 |
                       (uint32_t)z.data[pos + 2] << 8 | z.data[pos + 3];
        size_t ulen;
        ck_assert_int_eq(snappy_uncompressed_length((char *)z.data + pos + 4, len, &ulen),
                         SNAPPY_OK);
        ck_assert_uint_le(ulen, 32768);
        total += ulen;
        pos += 4 + len;
        blocks++;
    }
    ck_assert_uint_eq(pos, z.len);
    ck_assert_uint_eq(blocks, 3);
    ck_assert_uint_eq(total, n);
    /* a second stream concatenated (header again) is read on */
    size_t first = z.len;
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_SNAPPY, 0, "tail", 4, &z), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_SNAPPY, z.data, z.len, n + 4, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.len, n + 4);
    ck_assert(memcmp(out.data + n, "tail", 4) == 0);
    /* a chunk length past the end is corrupt */
    z.len = first;
    z.data[16] = 0x7f;
    moldau_buf_reset(&out);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_SNAPPY, z.data, z.len, n, &out),
                     MOLDAU_ERR__BAD_COMPRESSION);
    moldau_buf_free(&z);
    moldau_buf_free(&out);
    free(in);
}
END_TEST

START_TEST(snappy_raw_block_is_read)
{
    const char *msg = "raw snappy, as Snappy.compress writes it, raw snappy";
    size_t cap = snappy_max_compressed_length(strlen(msg)), len = cap;
    char *raw = malloc(cap);
    ck_assert_int_eq(snappy_compress(msg, strlen(msg), raw, &len), SNAPPY_OK);
    moldau_buf_t out;
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_SNAPPY, raw, len, 1000, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.len, strlen(msg));
    ck_assert(memcmp(out.data, msg, out.len) == 0);
    moldau_buf_reset(&out);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_SNAPPY, raw, len, 10, &out),
                     MOLDAU_ERR__TOO_LARGE);
    moldau_buf_free(&out);
    free(raw);
}
END_TEST

START_TEST(lz4_frame_header)
{
    moldau_buf_t z;
    moldau_buf_init(&z);
    uint8_t *in = make_input(200000, 5);
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_LZ4, MOLDAU_COMPRESSION_LEVEL_DEFAULT, in,
                                     200000, &z), MOLDAU_ERR_NONE);
    static const uint8_t kafka_header[7] = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82};
    ck_assert(memcmp(z.data, kafka_header, 7) == 0);
    /* ends with the end mark and no content checksum */
    ck_assert(memcmp(z.data + z.len - 4, "\0\0\0\0", 4) == 0);
    moldau_buf_free(&z);
    free(in);
    /* HC is the second byte of xxh32 of the descriptor; Kafka 0.8 hashed the magic too */
    static const uint8_t frame_start[6] = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40};
    ck_assert_uint_eq((moldau__xxh32_short(frame_start + 4, 2, 0) >> 8) & 0xff, 0x82);
    ck_assert_uint_eq((moldau__xxh32_short(frame_start, 6, 0) >> 8) & 0xff, 0x1a);
    /* xxh32 reference values: "" and "a" with seed 0 */
    ck_assert_uint_eq(moldau__xxh32_short("", 0, 0), 0x02CC5D05u);
    ck_assert_uint_eq(moldau__xxh32_short("a", 1, 0), 0x550D7456u);
}
END_TEST

START_TEST(lz4_legacy_header_checksum)
{
    const char *msg = "magic 0 lz4 payload, magic 0 lz4 payload";
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_LZ4, MOLDAU_COMPRESSION_LEVEL_DEFAULT, msg,
                                     strlen(msg), &z), MOLDAU_ERR_NONE);
    z.data[6] = 0x1a; /* what Kafka 0.8/0.9 wrote */
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_LZ4, z.data, z.len, 1000, &out),
                     MOLDAU_ERR__BAD_COMPRESSION);
    ck_assert_int_eq(moldau__decompress(MOLDAU_CODEC_LZ4, z.data, z.len, 1000, &out, 1),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.len, strlen(msg));
    ck_assert(memcmp(out.data, msg, out.len) == 0);
    moldau_buf_free(&z);
    moldau_buf_free(&out);
}
END_TEST

START_TEST(gzip_members_and_format)
{
    moldau_buf_t z, out;
    moldau_buf_init(&z);
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_GZIP, 6, "first ", 6, &z), MOLDAU_ERR_NONE);
    ck_assert(z.data[0] == 0x1f && z.data[1] == 0x8b && z.data[2] == 8); /* gzip, deflate */
    ck_assert_int_eq(moldau_compress(MOLDAU_CODEC_GZIP, 6, "second", 6, &z), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_GZIP, z.data, z.len, 100, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.len, 12);
    ck_assert(memcmp(out.data, "first second", 12) == 0);
    /* a zlib (RFC 1950) stream is not gzip */
    uint8_t zl[64];
    uLongf zn = sizeof(zl);
    ck_assert_int_eq(compress(zl, &zn, (const Bytef *)"abc", 3), Z_OK);
    moldau_buf_reset(&out);
    ck_assert_int_eq(moldau_decompress(MOLDAU_CODEC_GZIP, zl, zn, 100, &out),
                     MOLDAU_ERR__BAD_COMPRESSION);
    moldau_buf_free(&z);
    moldau_buf_free(&out);
}
END_TEST

START_TEST(codec_names)
{
    ck_assert_str_eq(moldau_codec_name(MOLDAU_CODEC_ZSTD), "zstd");
    ck_assert_ptr_null(moldau_codec_name((moldau_codec_t)5));
    ck_assert_int_eq(moldau_codec_from_name("snappy"), MOLDAU_CODEC_SNAPPY);
    ck_assert_int_eq(moldau_codec_from_name("none"), MOLDAU_CODEC_NONE);
    ck_assert_int_eq(moldau_codec_from_name("brotli"), -1);
    ck_assert_int_eq(moldau_codec_from_name(NULL), -1);
}
END_TEST

Suite *moldau_test_compress_suite(void)
{
    Suite *s = suite_create("compress");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, round_trips, 0, N_CODECS);
    tcase_add_test(tc, levels);
    tcase_add_test(tc, appends_to_existing_content);
    tcase_add_test(tc, limit_bounds_allocation);
    tcase_add_test(tc, corrupt_and_truncated);
    tcase_add_test(tc, snappy_xerial_framing);
    tcase_add_test(tc, snappy_raw_block_is_read);
    tcase_add_test(tc, lz4_frame_header);
    tcase_add_test(tc, lz4_legacy_header_checksum);
    tcase_add_test(tc, gzip_members_and_format);
    tcase_add_test(tc, codec_names);
    suite_add_tcase(s, tc);
    return s;
}
