/* Shared part of the consumer benchmark programs: see consumer_common.h. */
#include "consumer_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static __attribute__((noreturn)) void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s --bootstrap HOST:PORT --topic T --messages N [--partitions P]\n"
            "       [--passes K] [--compression C] [--queued-kbytes KB] [--fetch-wait-ms MS]\n"
            "       [--batch B] [--group G]\n"
            "       [--set NAME=VALUE]... [--label TEXT]\n"
            "       [--hold MS | --latency RATE [--seconds S] [--linger-ms MS]]\n"
            "(see bench/consumer/consumer_common.h)\n",
            argv0);
    exit(2);
}

/* The options' numbers, bad ones ending in this program's usage. */
#define parse_ll(argv0, opt, s, min) bench_parse_ll(argv0, opt, s, min, usage)

void bench_c_parse(bench_c_opts_t *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    o->label = "";
    o->compression = "none";
    o->partitions = 3;
    o->passes = 1;
    o->queued_kbytes = 65536;
    o->batch = 500;
    o->seconds = 10;
    o->fetch_wait_ms = -1;
    o->mode = BENCH_C_THROUGHPUT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage(argv[0]);
        i++;
        if (!strcmp(a, "--bootstrap"))
            o->bootstrap = v;
        else if (!strcmp(a, "--topic"))
            o->topic = v;
        else if (!strcmp(a, "--label"))
            o->label = v;
        else if (!strcmp(a, "--group"))
            o->group = v;
        else if (!strcmp(a, "--compression"))
            o->compression = v;
        else if (!strcmp(a, "--messages"))
            o->messages = parse_ll(argv[0], a, v, 1);
        else if (!strcmp(a, "--partitions"))
            o->partitions = (int)parse_ll(argv[0], a, v, 1);
        else if (!strcmp(a, "--passes"))
            o->passes = (int)parse_ll(argv[0], a, v, 1);
        else if (!strcmp(a, "--queued-kbytes"))
            o->queued_kbytes = parse_ll(argv[0], a, v, 1);
        else if (!strcmp(a, "--fetch-wait-ms"))
            o->fetch_wait_ms = parse_ll(argv[0], a, v, 0);
        else if (!strcmp(a, "--batch"))
            o->batch = (int)parse_ll(argv[0], a, v, 1);
        else if (!strcmp(a, "--hold")) {
            o->mode = BENCH_C_HOLD;
            o->hold_ms = parse_ll(argv[0], a, v, 0);
        } else if (!strcmp(a, "--latency")) {
            o->mode = BENCH_C_LATENCY;
            o->rate = parse_ll(argv[0], a, v, 1);
        } else if (!strcmp(a, "--seconds"))
            o->seconds = parse_ll(argv[0], a, v, 2);
        else if (!strcmp(a, "--linger-ms"))
            o->linger_ms = parse_ll(argv[0], a, v, 0);
        else if (!strcmp(a, "--set")) {
            if (bench_parse_set(v, o->set_name, o->set_value, &o->n_set, BENCH_C_MAX_SET))
                usage(argv[0]);
        } else
            usage(argv[0]);
    }
    if (!o->bootstrap || !o->topic || (o->mode != BENCH_C_LATENCY && !o->messages))
        usage(argv[0]);
    if (o->group && o->passes != 1)
        bench_die("--passes needs manual assignment (a group run reads the topic once)");
}

void bench_c_first(bench_c_count_t *k)
{
    k->started = 1;
    bench_measure_begin();
    bench_cpu(&k->u0, &k->s0);
    k->t0 = bench_now();
}

static void print_common(const char *client, const char *version, const bench_c_opts_t *o,
                         const char *mode)
{
    printf("{\"client\":\"%s\",\"version\":\"%s\",\"mode\":\"%s\",\"label\":\"%s\","
           "\"compression\":\"%s\",\"partitions\":%d,\"group\":%s,\"queued_kbytes\":%lld,",
           client, version, mode, o->label, o->compression, o->partitions,
           o->group ? "true" : "false", o->queued_kbytes);
}

void bench_c_print_throughput(const char *client, const char *version, const bench_c_opts_t *o,
                              const bench_c_count_t *k, double t1, double u1, double s1)
{
    double wall = t1 - k->t0 > 0 ? t1 - k->t0 : 1e-9;
    double cpu = (u1 - k->u0) + (s1 - k->s0);
    long rss, hwm;
    int threads;
    bench_proc_status(&rss, &hwm, &threads);
    print_common(client, version, o, "throughput");
    printf("\"passes\":%d,\"msgs\":%lld,\"bytes\":%lld,\"wall_s\":%.6f,\"user_s\":%.6f,"
           "\"sys_s\":%.6f,\"cpu_s\":%.6f,\"msgs_per_s\":%.1f,\"mb_per_s\":%.3f,"
           "\"cpu_ns_per_msg\":%.1f,\"max_rss_kb\":%ld,\"threads\":%d}\n",
           o->passes, k->msgs, k->bytes, wall, u1 - k->u0, s1 - k->s0, cpu,
           (double)k->msgs / wall, (double)k->bytes / wall / 1e6,
           cpu * 1e9 / (double)(k->msgs ? k->msgs : 1), bench_max_rss_kb(), threads);
    fflush(stdout);
}

void bench_c_print_hold(const char *client, const char *version, const bench_c_opts_t *o,
                        long long received)
{
    long rss, hwm;
    int threads;
    bench_proc_status(&rss, &hwm, &threads);
    print_common(client, version, o, "hold");
    printf("\"hold_ms\":%lld,\"received\":%lld,\"rss_kb\":%ld,\"hwm_kb\":%ld,\"threads\":%d}\n",
           o->hold_ms, received, rss, hwm, threads);
    fflush(stdout);
}

int64_t bench_c_stamp(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* "T" then the stamp in 16 hex digits: text, so both clients send plain bytes. */
void bench_c_stamp_value(char *value, size_t size, int64_t ns)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "T%016llx", (unsigned long long)ns);
    memcpy(value, buf, size < 17 ? size : 17);
}

int64_t bench_c_value_stamp(const void *value, size_t len)
{
    const char *v = value;
    if (!v || len < 17 || v[0] != 'T')
        return -1;
    char buf[17];
    memcpy(buf, v + 1, 16);
    buf[16] = 0;
    return (int64_t)strtoull(buf, NULL, 16);
}

void bench_c_latency_init(bench_c_latency_t *l, const bench_c_opts_t *o)
{
    memset(l, 0, sizeof(*l));
    l->cap = o->rate * o->seconds + 16;
    l->ns = malloc((size_t)l->cap * sizeof(*l->ns));
    if (!l->ns)
        bench_die("out of memory");
    l->measure_from = INT64_MAX;
}

void bench_c_latency_add(bench_c_latency_t *l, const void *value, size_t len)
{
    int64_t now = bench_c_stamp();
    int64_t sent = bench_c_value_stamp(value, len);
    if (sent < 0)
        return;
    l->received_all++;
    if (sent >= __atomic_load_n(&l->measure_from, __ATOMIC_ACQUIRE) && l->n < l->cap)
        l->ns[l->n++] = now - sent;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double pct_us(const bench_c_latency_t *l, double p)
{
    if (!l->n)
        return -1;
    long long i = (long long)(p * (double)(l->n - 1) + 0.5);
    return (double)l->ns[i] / 1e3;
}

void bench_c_print_latency(const char *client, const char *version, const bench_c_opts_t *o,
                           bench_c_latency_t *l)
{
    qsort(l->ns, (size_t)l->n, sizeof(*l->ns), cmp_i64);
    print_common(client, version, o, "latency");
    printf("\"rate\":%lld,\"seconds\":%lld,\"linger_ms\":%lld,\"produced\":%lld,"
           "\"received\":%lld,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
           o->rate, o->seconds, o->linger_ms, l->produced, l->n, pct_us(l, 0.50),
           pct_us(l, 0.99), pct_us(l, 1.0));
    fflush(stdout);
}

void bench_c_pace(int64_t t0_ns, long long i, long long rate)
{
    int64_t due = t0_ns + (int64_t)((double)i * 1e9 / (double)rate);
    struct timespec ts = {(time_t)(due / 1000000000), (long)(due % 1000000000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}
