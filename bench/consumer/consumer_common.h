/*
 * What the two consumer benchmark programs (consumer_moldau.c, consumer_rdkafka.c) share: the
 * command line, the clock of the latency mode, and the JSON line each run prints. The clock,
 * CPU, RSS, callgrind and value helpers are the producer benchmark's (../producer/common.h).
 *
 *   consumer_X --bootstrap HOST:PORT --topic T --messages N [options]
 *     --messages N        records the topic holds (a run reads them all, --passes times)
 *     --partitions P      partitions 0..P-1 are assigned (default 3)
 *     --passes K          read the topic K times, seeking to the beginning after each (default
 *                         1; the mock keeps only ~5 MB per partition, so a mock run reads a
 *                         small topic several times); manual assignment only
 *     --compression C     what the topic holds, copied into the JSON line (default none)
 *     --queued-kbytes KB  queued.max.messages.kbytes (default 65536, both clients' default);
 *                         librdkafka's queued.min.messages is lifted so only bytes bound it
 *     --fetch-wait-ms MS  fetch.max.wait.ms (librdkafka: fetch.wait.max.ms; default: the
 *                         clients' default, 500). The mock holds a Fetch that finds no data for
 *                         all of it, which stalls each pass's end: its runs use a small one
 *     --batch B           records per poll (default 500, moldau's max.poll.records default)
 *     --group G           group mode: subscribe with group.id G (a fresh one per run,
 *                         auto.offset.reset=earliest, no commits) instead of assigning
 *     --set NAME=VALUE    any consumer property by the client's own name (repeatable)
 *     --label TEXT        copied into the JSON line
 *   Modes (default: throughput, measured from the first record received to the last):
 *     --hold MS           memory: assign from the beginning, take one poll, then do not poll
 *                         for MS ms (the prefetch fills up to its bound), report RSS
 *     --latency RATE      end to end: this client's producer sends RATE records/s for
 *                         --seconds S (default 10) to the empty topic, each value carrying its
 *                         send time; the consumer (assigned at the end) measures
 *                         receive - send; the first second is warm-up, not counted
 *     --linger-ms MS      the latency producer's linger.ms (default 0)
 */
#ifndef BENCH_CONSUMER_COMMON_H
#define BENCH_CONSUMER_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "../producer/common.h"

#define BENCH_C_MAX_SET 32

typedef enum { BENCH_C_THROUGHPUT, BENCH_C_HOLD, BENCH_C_LATENCY } bench_c_mode_t;

typedef struct bench_c_opts {
    const char *bootstrap;
    const char *topic;
    const char *label;
    const char *group;
    const char *compression;
    long long messages;
    int partitions;
    int passes;
    long long queued_kbytes;
    int batch;
    long long hold_ms;
    long long rate;
    long long seconds;
    long long linger_ms;
    long long fetch_wait_ms; /* -1: the client's default */
    const char *set_name[BENCH_C_MAX_SET];
    const char *set_value[BENCH_C_MAX_SET];
    int n_set;
    bench_c_mode_t mode;
} bench_c_opts_t;

/* Parses argv; prints usage and exits 2 on a bad option. */
void bench_c_parse(bench_c_opts_t *o, int argc, char **argv);

/* Counts one record of a throughput run; true when the run has read all it must. Records are
 * "touched" (their key and value lengths summed) so that neither client gets away with
 * fetching without handing out. */
typedef struct bench_c_count {
    long long want;          /* messages * passes */
    long long msgs;          /* records received */
    long long pass_msgs;     /* in the current pass */
    long long bytes;         /* key + value bytes received */
    double t0, u0, s0;       /* at the first record */
    int started;
} bench_c_count_t;

/* Starts the measured part at the first record (clock, CPU, callgrind). */
void bench_c_first(bench_c_count_t *k);

/* One JSON line on stdout: throughput (from k, ended now), memory of the hold mode, latency. */
void bench_c_print_throughput(const char *client, const char *version, const bench_c_opts_t *o,
                              const bench_c_count_t *k, double t1, double u1, double s1);
void bench_c_print_hold(const char *client, const char *version, const bench_c_opts_t *o,
                        long long received);

/* Latency samples: send time (bench_c_stamp, CLOCK_MONOTONIC ns) written into the first 8
 * bytes of a value, read back on receipt. */
int64_t bench_c_stamp(void);
void bench_c_stamp_value(char *value, size_t size, int64_t ns);
int64_t bench_c_value_stamp(const void *value, size_t len);

typedef struct bench_c_latency {
    int64_t *ns;             /* receive - send of each counted record */
    long long n, cap;
    long long produced;      /* records sent after the warm-up */
    long long received_all;  /* every record received, warm-up included */
    int64_t measure_from;    /* send stamps before this are warm-up */
} bench_c_latency_t;

void bench_c_latency_init(bench_c_latency_t *l, const bench_c_opts_t *o);
/* Counts a received record's value (ignored when it carries no stamp). */
void bench_c_latency_add(bench_c_latency_t *l, const void *value, size_t len);
void bench_c_print_latency(const char *client, const char *version, const bench_c_opts_t *o,
                           bench_c_latency_t *l);

/* The latency mode's producer loop pacing: sleeps until record i of `rate`/s after t0_ns is
 * due. */
void bench_c_pace(int64_t t0_ns, long long i, long long rate);

#endif
