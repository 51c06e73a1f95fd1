/* Shared part of the producer benchmark programs: see common.h. */
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <valgrind/callgrind.h>

static char *pool;
static size_t pool_size;
static char keys[BENCH_KEYS][10];
static size_t key_lens[BENCH_KEYS];

void bench_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", program_invocation_short_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static __attribute__((noreturn)) void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s --bootstrap HOST:PORT --topic T [--messages N] [--size S] [--keyed]\n"
            "       [--acks 0|1|all] [--linger-ms MS] [--batch-size B] [--compression C]\n"
            "       [--buffer-memory B] [--idempotence] [--partitions P] [--set NAME=VALUE]...\n"
            "       [--label TEXT] [--idle | --unsent N] [--create-topic T (librdkafka only)]\n"
            "(see bench/producer/common.h)\n",
            argv0);
    exit(2);
}

long long bench_parse_ll(const char *argv0, const char *opt, const char *s, long long min,
                         void (*usage)(const char *argv0))
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min) {
        fprintf(stderr, "%s: %s: bad number \"%s\"\n", argv0, opt, s);
        usage(argv0);
    }
    return v;
}

int bench_parse_set(const char *v, const char **names, const char **values, int *n, int max)
{
    const char *eq = strchr(v, '=');
    if (!eq || eq == v || *n == max)
        return -1;
    if (!(names[*n] = strndup(v, (size_t)(eq - v))))
        bench_die("out of memory");
    values[(*n)++] = eq + 1;
    return 0;
}

/* The options' numbers, bad ones ending in this program's usage. */
#define parse_ll(argv0, opt, s, min) bench_parse_ll(argv0, opt, s, min, usage)

void bench_parse(bench_opts_t *o, int argc, char **argv, int allow_create)
{
    memset(o, 0, sizeof(*o));
    o->label = "";
    o->messages = 1000000;
    o->size = 100;
    o->acks = "1";
    o->linger_ms = 5;
    o->batch_size = 16384;
    o->compression = "none";
    o->buffer_memory = 33554432;
    o->partitions = 3;
    o->mode = BENCH_THROUGHPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_ARG()                                                                               \
    do {                                                                                         \
        if (!v)                                                                                  \
            usage(argv[0]);                                                                      \
        i++;                                                                                     \
    } while (0)
        if (!strcmp(a, "--bootstrap")) {
            NEED_ARG();
            o->bootstrap = v;
        } else if (!strcmp(a, "--topic")) {
            NEED_ARG();
            o->topic = v;
        } else if (!strcmp(a, "--label")) {
            NEED_ARG();
            o->label = v;
        } else if (!strcmp(a, "--messages")) {
            NEED_ARG();
            o->messages = parse_ll(argv[0], a, v, 1);
        } else if (!strcmp(a, "--size")) {
            NEED_ARG();
            o->size = (size_t)parse_ll(argv[0], a, v, 1);
        } else if (!strcmp(a, "--keyed")) {
            o->keyed = 1;
        } else if (!strcmp(a, "--acks")) {
            NEED_ARG();
            o->acks = v;
        } else if (!strcmp(a, "--linger-ms")) {
            NEED_ARG();
            o->linger_ms = parse_ll(argv[0], a, v, 0);
        } else if (!strcmp(a, "--batch-size")) {
            NEED_ARG();
            o->batch_size = parse_ll(argv[0], a, v, 1);
        } else if (!strcmp(a, "--compression")) {
            NEED_ARG();
            o->compression = v;
        } else if (!strcmp(a, "--buffer-memory")) {
            NEED_ARG();
            o->buffer_memory = parse_ll(argv[0], a, v, 1024);
        } else if (!strcmp(a, "--idempotence")) {
            o->idempotence = 1;
        } else if (!strcmp(a, "--partitions")) {
            NEED_ARG();
            o->partitions = (int)parse_ll(argv[0], a, v, 1);
        } else if (!strcmp(a, "--set")) {
            NEED_ARG();
            if (bench_parse_set(v, o->set_name, o->set_value, &o->n_set, BENCH_MAX_SET))
                usage(argv[0]);
        } else if (!strcmp(a, "--idle")) {
            o->mode = BENCH_IDLE;
        } else if (!strcmp(a, "--unsent")) {
            NEED_ARG();
            o->mode = BENCH_UNSENT;
            o->messages = parse_ll(argv[0], a, v, 1);
        } else if (allow_create && !strcmp(a, "--create-topic")) {
            NEED_ARG();
            o->create_topic = v;
        } else {
            usage(argv[0]);
        }
#undef NEED_ARG
    }
    if (!o->bootstrap || (!o->topic && !o->create_topic))
        usage(argv[0]);
}

/* A fixed-seed generator, so both programs send the very same bytes. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return rnd_state >> 8;
}

void bench_make_values(const bench_opts_t *o)
{
    static const char *words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
                                  "golf", "hotel", "india", "juliet", "kilo", "lima"};
    pool_size = o->size;
    pool = malloc(BENCH_POOL * pool_size + 1);
    if (!pool)
        bench_die("out of memory");
    char tmp[4096];
    for (size_t i = 0; i < BENCH_POOL; i++) {
        int n = snprintf(tmp, sizeof(tmp),
                         "{\"id\":%zu,\"user\":\"user%04u\",\"amount\":%u.%02u,\"note\":\"", i,
                         rnd() % 5000, rnd() % 100000, rnd() % 100);
        while ((size_t)n < sizeof(tmp) - 16 && (size_t)n < pool_size)
            n += snprintf(tmp + n, sizeof(tmp) - (size_t)n, "%s ", words[rnd() % 12]);
        char *dst = pool + i * pool_size;
        for (size_t j = 0; j < pool_size; j++)
            dst[j] = j < (size_t)n ? tmp[j] : tmp[j % (size_t)n];
        if (pool_size >= 2) {
            dst[pool_size - 2] = '"';
            dst[pool_size - 1] = '}';
        }
    }
    for (int i = 0; i < BENCH_KEYS; i++)
        key_lens[i] = (size_t)snprintf(keys[i], sizeof(keys[i]), "key-%d", i);
}

const char *bench_value(long long i)
{
    return pool + (size_t)(i % BENCH_POOL) * pool_size;
}

const char *bench_key(long long i, size_t *len)
{
    *len = key_lens[i % BENCH_KEYS];
    return keys[i % BENCH_KEYS];
}

long long bench_payload_bytes(const bench_opts_t *o)
{
    long long bytes = o->messages * (long long)o->size;
    for (long long i = 0; o->keyed && i < BENCH_KEYS; i++)
        bytes += (long long)key_lens[i] *
                 (o->messages / BENCH_KEYS + (i < o->messages % BENCH_KEYS));
    return bytes;
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_cpu(double *user, double *sys)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
    *sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

void bench_proc_status(long *rss_kb, long *hwm_kb, int *threads)
{
    *rss_kb = *hwm_kb = -1;
    *threads = -1;
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        if (!strncmp(line, "VmRSS:", 6))
            *rss_kb = strtol(line + 6, NULL, 10);
        else if (!strncmp(line, "VmHWM:", 6))
            *hwm_kb = strtol(line + 6, NULL, 10);
        else if (!strncmp(line, "Threads:", 8))
            *threads = (int)strtol(line + 8, NULL, 10);
    }
    fclose(f);
}

void bench_measure_begin(void)
{
    CALLGRIND_ZERO_STATS;
}

void bench_measure_end(void)
{
    CALLGRIND_DUMP_STATS_AT("measured");
}

long bench_max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void print_common(const char *client, const char *version, const bench_opts_t *o,
                         const char *mode)
{
    printf("{\"client\":\"%s\",\"version\":\"%s\",\"mode\":\"%s\",\"label\":\"%s\","
           "\"size\":%zu,\"keyed\":%s,\"acks\":\"%s\",\"linger_ms\":%lld,\"batch_size\":%lld,"
           "\"compression\":\"%s\",\"partitions\":%d,",
           client, version, mode, o->label, o->size, o->keyed ? "true" : "false", o->acks,
           o->linger_ms, o->batch_size, o->compression, o->partitions);
}

void bench_print_throughput(const char *client, const char *version, const bench_opts_t *o,
                            const bench_result_t *r)
{
    double cpu = r->user_s + r->sys_s;
    double wall = r->wall_s > 0 ? r->wall_s : 1e-9;
    print_common(client, version, o, "throughput");
    printf("\"msgs\":%lld,\"bytes\":%lld,\"wall_s\":%.6f,\"user_s\":%.6f,\"sys_s\":%.6f,"
           "\"cpu_s\":%.6f,\"msgs_per_s\":%.1f,\"mb_per_s\":%.3f,\"cpu_ns_per_msg\":%.1f,"
           "\"delivered\":%lld,\"failed\":%lld,\"first_error\":\"%s\",\"max_rss_kb\":%ld}\n",
           r->msgs, r->bytes, r->wall_s, r->user_s, r->sys_s, cpu, (double)r->msgs / wall,
           (double)r->bytes / wall / 1e6, cpu * 1e9 / (double)r->msgs, r->delivered, r->failed,
           r->first_error ? r->first_error : "", bench_max_rss_kb());
    fflush(stdout);
}

void bench_print_memory(const char *client, const char *version, const bench_opts_t *o,
                        long long held, long long delivered, long long failed)
{
    long rss, hwm;
    int threads;
    bench_proc_status(&rss, &hwm, &threads);
    print_common(client, version, o, o->mode == BENCH_IDLE ? "idle" : "unsent");
    printf("\"held\":%lld,\"delivered\":%lld,\"failed\":%lld,\"rss_kb\":%ld,\"hwm_kb\":%ld,"
           "\"threads\":%d}\n",
           held, delivered, failed, rss, hwm, threads);
    fflush(stdout);
}
