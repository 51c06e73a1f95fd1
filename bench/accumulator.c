/* Accumulator micro-benchmark: the cost of the produce path without the network.
 *   append           moldau__accum_append of 100-byte values (no key), single thread
 *   finish+complete  drain (compress once, CRC once) then complete (reports served through a
 *                    sink that calls each record's callback), per record
 * Usage: accumulator [records [case]]   (default 2,000,000 records, every case). Under
 * callgrind (`make bench-accum-callgrind`), one case with fewer records: moldau__accum_append's
 * inclusive cost divided by the count is the instructions per record appended. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "producer/accumulator.h"

static uint64_t served;

static void on_delivery(void) { served++; }

static void sink(moldau__accum_batch_t *b, void *opaque)
{
    moldau__accum_t **acc = opaque;
    for (int32_t i = 0; i < b->count; i++) {
        if (moldau__accum_batch_offset(b, i) >= 0 || b->err == MOLDAU_ERR_NONE)
            b->recs[i].cb();
    }
    moldau__accum_batch_destroy(*acc, b);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct result {
    double append_s, drain_s, complete_s;
    uint64_t batches;
} result_t;

static result_t run(moldau_codec_t codec, long n, int parts)
{
    static moldau__accum_t *acc;
    moldau__accum_conf_t c = {
        .linger_ms = 1000000,
        .batch_size = 16384,
        .buffer_memory = INT64_MAX / 2,
        .max_block_ms = 0,
        .max_request_size = 1 << 20,
        .delivery_timeout_ms = 120000,
        .codec = codec,
        .level = MOLDAU_COMPRESSION_LEVEL_DEFAULT,
    };
    acc = moldau__accum_new(&c, sink, &acc);
    moldau__accum_part_t *p[64];
    for (int i = 0; i < parts; i++) {
        p[i] = moldau__accum_part(acc, "bench", i);
        moldau__accum_part_set_leader(p[i], 1);
    }
    static uint8_t value[100];
    for (int i = 0; i < 100; i++)
        value[i] = (uint8_t)("moldau benchmark record "[i % 24]);
    moldau_bytes_t key = {NULL, -1}, val = {value, 100};
    result_t r = {0};
    long chunk = 100000; /* append a chunk, then send it: memory stays small */
    for (long done = 0; done < n; done += chunk) {
        long m = n - done < chunk ? n - done : chunk;
        double t0 = now_s();
        for (long i = 0; i < m; i++) {
            if (moldau__accum_append(acc, p[i % parts], 1700000000000, key, val, NULL, 0,
                                     (moldau__accum_fn *)on_delivery, NULL, 0, NULL)) {
                fprintf(stderr, "append failed\n");
                exit(1);
            }
        }
        double t1 = now_s();
        moldau__accum_flush_begin(acc);
        moldau__accum_batch_t *all = NULL, **tail = &all, *l;
        while (moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &l)) {
            *tail = l;
            while (*tail)
                tail = &(*tail)->next;
        }
        moldau__accum_flush_end(acc);
        double t2 = now_s();
        int64_t off = 0;
        while (all) {
            moldau__accum_batch_t *b = all;
            all = b->next;
            r.batches++;
            int32_t count = b->count; /* the sink frees the batch */
            moldau__accum_complete(acc, b, MOLDAU_ERR_NONE, off, -1);
            off += count;
        }
        double t3 = now_s();
        r.append_s += t1 - t0;
        r.drain_s += t2 - t1;
        r.complete_s += t3 - t2;
    }
    moldau__accum_destroy(acc);
    return r;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    static const struct {
        const char *name;
        moldau_codec_t codec;
        int parts;
    } cases[] = {
        {"none, 1 partition", MOLDAU_CODEC_NONE, 1},
        {"none, 16 partitions", MOLDAU_CODEC_NONE, 16},
        {"lz4, 16 partitions", MOLDAU_CODEC_LZ4, 16},
        {"zstd, 16 partitions", MOLDAU_CODEC_ZSTD, 16},
    };
    printf("accumulator: %ld records of 100 bytes, batch.size 16384, 1 thread\n", n);
    printf("%-22s %12s %10s %14s %14s %9s\n", "case", "append rec/s", "append ns", "finish ns/rec",
           "complete ns/rec", "batches");
    int only = argc > 2 ? atoi(argv[2]) : -1;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (only >= 0 && (size_t)only != i)
            continue;
        served = 0;
        result_t r = run(cases[i].codec, n, cases[i].parts);
        if (served != (uint64_t)n) {
            fprintf(stderr, "served %llu of %ld reports\n", (unsigned long long)served, n);
            return 1;
        }
        printf("%-22s %12.0f %10.1f %14.1f %14.1f %9llu\n", cases[i].name, n / r.append_s,
               r.append_s * 1e9 / n, r.drain_s * 1e9 / n, r.complete_s * 1e9 / n,
               (unsigned long long)r.batches);
    }
    return 0;
}
