/*
 * What the two producer benchmark programs (producer_moldau.c, producer_rdkafka.c) share: the
 * command line, the record values, the clock and resource figures, and the one JSON line each
 * run prints. Each program only maps these settings onto its client's API, so the two measure
 * the same work.
 *
 *   producer_X --bootstrap HOST:PORT --topic T [options]
 *     --messages N        records to produce (default 1000000)
 *     --size S            value bytes (default 100)
 *     --keyed             a key per record ("key-<i mod 10000>", up to 9 bytes); default none
 *     --acks A            0, 1 or all (default 1)
 *     --linger-ms MS      (default 5)
 *     --batch-size B      bytes per partition batch (default 16384, the Java client's)
 *     --compression C     none, gzip, snappy, lz4, zstd (default none)
 *     --buffer-memory B   bytes of records waiting to be sent (default 33554432); librdkafka:
 *                         queue.buffering.max.kbytes = B/1024
 *     --idempotence       enable.idempotence=true (default false, as acks=1 needs)
 *     --partitions P      the topic's partition count (--create-topic; otherwise informative)
 *     --set NAME=VALUE    any client property by its own name (repeatable)
 *     --label TEXT        copied into the JSON line
 *   Modes (default: throughput):
 *     --idle              connect (one record produced and flushed), wait 2 s, report RSS and
 *                         threads
 *     --unsent N          produce N records that cannot leave (the caller makes every partition
 *                         of the topic leaderless first, e.g. the mock cluster's
 *                         `partition leader T P -1`), wait 1 s, report RSS; the records are then
 *                         dropped without waiting
 *
 * Values come from a pool of 4096 different JSON-like texts (an id, a user, an amount, padding
 * words), so compression has something realistic to work on and the loop formats nothing.
 */
#ifndef BENCH_PRODUCER_COMMON_H
#define BENCH_PRODUCER_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_POOL 4096
#define BENCH_KEYS 10000
#define BENCH_MAX_SET 32

typedef enum { BENCH_THROUGHPUT, BENCH_IDLE, BENCH_UNSENT } bench_mode_t;

typedef struct bench_opts {
    const char *bootstrap;
    const char *topic;
    const char *label;
    long long messages;
    size_t size;
    int keyed;
    const char *acks;
    long long linger_ms;
    long long batch_size;
    const char *compression;
    long long buffer_memory;
    int idempotence;
    int partitions;
    const char *create_topic;       /* producer_rdkafka only */
    const char *set_name[BENCH_MAX_SET];
    const char *set_value[BENCH_MAX_SET];
    int n_set;
    bench_mode_t mode;
} bench_opts_t;

/* Parses argv; prints usage and exits 2 on a bad option. */
void bench_parse(bench_opts_t *o, int argc, char **argv, int allow_create);

/* The pool of values (BENCH_POOL of o->size bytes each, back to back) and of keys. */
void bench_make_values(const bench_opts_t *o);
const char *bench_value(long long i);
const char *bench_key(long long i, size_t *len);
/* Key and value bytes of o->messages records. */
long long bench_payload_bytes(const bench_opts_t *o);

/* Shared by the consumer's programs too: a number option (>= min; otherwise a message and
 * usage(argv0), which exits), and one --set NAME=VALUE into names/values (-1: malformed or
 * max reached). */
long long bench_parse_ll(const char *argv0, const char *opt, const char *s, long long min,
                         void (*usage)(const char *argv0));
int bench_parse_set(const char *v, const char **names, const char **values, int *n, int max);
/* Peak RSS in kB (getrusage). */
long bench_max_rss_kb(void);

/* Monotonic seconds; process CPU seconds (all threads, user and system). */
double bench_now(void);
void bench_cpu(double *user, double *sys);

/* From /proc/self/status: current and peak RSS in kB, and the number of threads. */
void bench_proc_status(long *rss_kb, long *hwm_kb, int *threads);

/* Callgrind: counts from here on (a no-op outside valgrind), and the dump at the end of the
 * measured part (file suffix .1), so setup and teardown stay out of the figure. */
void bench_measure_begin(void);
void bench_measure_end(void);

typedef struct bench_result {
    long long msgs;          /* records produced in the measured part */
    long long bytes;         /* key + value bytes of those records */
    double wall_s;
    double user_s, sys_s;
    long long delivered, failed;
    const char *first_error; /* a failed record's error name, or NULL */
} bench_result_t;

/* One JSON line on stdout. */
void bench_print_throughput(const char *client, const char *version, const bench_opts_t *o,
                            const bench_result_t *r);
void bench_print_memory(const char *client, const char *version, const bench_opts_t *o,
                        long long held, long long delivered, long long failed);

void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
