/* Codec micro-benchmark: records encoded into batches per second, records iterated per second
 * (views over one large batch), and CRC-32C throughput of both implementations next to memcpy
 * on the same buffer. Each figure is the best of a few timed rounds; the run takes a few
 * seconds. Not a pass/fail test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moldau/protocol.h"
#include "protocol/crc32c.h"

#define VALUE_LEN 100
#define BATCH_SIZE 16384 /* the producer's default batch.size */
#define ROUNDS 3

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static volatile uint32_t sink; /* keeps results alive */

/* Appends records into batches of BATCH_SIZE bytes, finishing (compressing, CRC) each. */
static double encode_rate(moldau_codec_t codec, size_t n_records)
{
    uint8_t value[VALUE_LEN];
    memset(value, 'v', sizeof(value));
    static char keys[1000][16];
    static int klens[1000];
    for (int i = 0; i < 1000; i++)
        klens[i] = snprintf(keys[i], sizeof(keys[i]), "key-%d", i);
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double t0 = now();
        for (size_t i = 0; i < n_records; i++) {
            int klen = klens[i % 1000];
            moldau_bytes_t k = {(const uint8_t *)keys[i % 1000], klen}, v = {value, VALUE_LEN};
            if (moldau_batch_builder_size(&b) + moldau_record_max_size(klen, VALUE_LEN, NULL, 0) >
                BATCH_SIZE) {
                const uint8_t *data;
                size_t len;
                if (moldau_batch_builder_finish(&b, &data, &len))
                    abort();
                sink += data[len - 1];
                moldau_batch_builder_reset(&b);
            }
            if (moldau_batch_builder_append(&b, 1700000000000LL + (int64_t)i, k, v, NULL, 0))
                abort();
        }
        double rate = (double)n_records / (now() - t0);
        best = rate > best ? rate : best;
        moldau_batch_builder_reset(&b);
    }
    moldau_batch_builder_free(&b);
    return best;
}

/* One large uncompressed batch, iterated record by record (with or without the CRC check). */
static double iterate_rate(size_t n_records, int check_crc, size_t *batch_bytes)
{
    uint8_t value[VALUE_LEN];
    memset(value, 'v', sizeof(value));
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, 0);
    for (size_t i = 0; i < n_records; i++) {
        char key[32];
        int klen = snprintf(key, sizeof(key), "key-%zu", i % 1000);
        if (moldau_batch_builder_append(&b, (int64_t)i, (moldau_bytes_t){(const uint8_t *)key, klen},
                                        (moldau_bytes_t){value, VALUE_LEN}, NULL, 0))
            abort();
    }
    const uint8_t *data;
    size_t len;
    if (moldau_batch_builder_finish(&b, &data, &len))
        abort();
    *batch_bytes = len;
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double t0 = now();
        moldau_record_set_t rs;
        moldau_batch_t batch;
        moldau_record_set_init(&rs, data, len);
        rs.check_crc = check_crc;
        size_t seen = 0;
        while (moldau_record_set_next(&rs, &batch)) {
            moldau_record_iter_t it;
            moldau_record_t rec;
            if (moldau_record_iter_init(&it, &batch, NULL, 0))
                abort();
            while (moldau_record_iter_next(&it, &rec)) {
                sink += (uint32_t)rec.value.len + (uint32_t)rec.offset;
                seen++;
            }
        }
        if (seen != n_records)
            abort();
        double rate = (double)n_records / (now() - t0);
        best = rate > best ? rate : best;
    }
    moldau_batch_builder_free(&b);
    return best;
}

typedef uint32_t (*crc_fn)(uint32_t, const void *, size_t);

static double crc_gbps(crc_fn fn, const uint8_t *buf, size_t n, size_t total)
{
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double t0 = now();
        uint32_t c = 0;
        for (size_t done = 0; done < total; done += n)
            c = fn(c, buf, n);
        sink += c;
        double gbps = (double)total / (now() - t0) / 1e9;
        best = gbps > best ? gbps : best;
    }
    return best;
}

static double memcpy_gbps(uint8_t *dst, const uint8_t *src, size_t n, size_t total)
{
    double best = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double t0 = now();
        for (size_t done = 0; done < total; done += n) {
            memcpy(dst, src, n);
            __asm__ __volatile__("" : : "r"(dst) : "memory"); /* the copy must happen */
        }
        double gbps = (double)total / (now() - t0) / 1e9;
        best = gbps > best ? gbps : best;
    }
    return best;
}

int main(void)
{
    printf("moldau codec benchmark (best of %d rounds; %d-byte values, keys 'key-NNN',\n"
           "batches of %d bytes)\n\n", ROUNDS, VALUE_LEN, BATCH_SIZE);
    printf("%-44s %14s\n", "operation", "rate");
    static const moldau_codec_t codecs[] = {MOLDAU_CODEC_NONE, MOLDAU_CODEC_LZ4, MOLDAU_CODEC_ZSTD,
                                            MOLDAU_CODEC_SNAPPY, MOLDAU_CODEC_GZIP};
    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
        size_t n = codecs[i] == MOLDAU_CODEC_NONE ? 2000000 : codecs[i] == MOLDAU_CODEC_GZIP ? 150000 : 400000;
        char label[64];
        snprintf(label, sizeof(label), "encode records, finish batches (%s)", moldau_codec_name(codecs[i]));
        printf("%-44s %10.2f M/s\n", label, encode_rate(codecs[i], n) / 1e6);
    }
    size_t bytes;
    double it = iterate_rate(1000000, 0, &bytes);
    char label[64];
    snprintf(label, sizeof(label), "iterate records (1 batch, %.0f MB)", (double)bytes / 1e6);
    printf("%-44s %10.2f M/s\n", label, it / 1e6);
    printf("%-44s %10.2f M/s\n", "iterate records + CRC check", iterate_rate(1000000, 1, &bytes) / 1e6);

    size_t n = 1 << 20, total = (size_t)2 << 30;
    uint8_t *src = malloc(n), *dst = malloc(n);
    for (size_t i = 0; i < n; i++)
        src[i] = (uint8_t)(i * 131 + 7);
    memset(dst, 0, n);
    if (moldau__crc32c_have_sse42())
        printf("%-44s %10.2f GB/s\n", "CRC-32C SSE4.2 (1 MiB buffer)",
               crc_gbps(moldau__crc32c_sse42, src, n, total));
    else
        printf("%-44s %14s\n", "CRC-32C SSE4.2", "n/a");
    printf("%-44s %10.2f GB/s\n", "CRC-32C portable, slicing-by-8 (1 MiB)",
           crc_gbps(moldau__crc32c_portable, src, n, total / 8));
    printf("%-44s %10.2f GB/s\n", "memcpy (same 1 MiB buffer)", memcpy_gbps(dst, src, n, total));
    free(src);
    free(dst);
    return 0;
}
