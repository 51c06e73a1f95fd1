/* moldau bench produce|consume|e2e: performance tests from the shell, with a live progress line
 * on stderr (records/s, MB/s, and for e2e the latency percentiles so far) and a summary on
 * stdout (one line of key=value pairs with --json as an object).
 *
 *   produce: -n records of -s bytes as fast as the producer takes them; the delivery latency
 *            (produce() to its report) per record.
 *   consume: the topic's first -n records (every partition assigned, from the beginning).
 *   e2e:     a producer and a consumer in one process, --rate records/s for --seconds; the
 *            latency from produce() to poll() returning the record (a stamp in its value). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define OPT_RATE 2000
#define OPT_SECONDS 2001
#define OPT_JSON 2002
#define OPT_ACKS 2003
#define STAMP_LEN 20 /* the value's leading decimal nanosecond stamp */

static const char usage[] =
    "usage: moldau bench produce|consume|e2e -t TOPIC [options]\n"
    "  -t, --topic TOPIC               the topic (it must exist)\n"
    "  -n, --records N                 produce, consume: how many (default 1000000)\n"
    "  -s, --size BYTES                produce, e2e: value size (default 100)\n"
    "  --acks all|1|0                  produce, e2e: acknowledgements (default all)\n"
    "  -z, --compression CODEC         produce, e2e: none, gzip, snappy, lz4, zstd\n"
    "  --rate N                        e2e: records per second (default 10000)\n"
    "  --seconds S                     e2e: how long (default 10)\n"
    "  --json                          the summary as one JSON object\n";

static const struct option longs[] = {
    {"topic", required_argument, NULL, 't'},
    {"records", required_argument, NULL, 'n'},
    {"size", required_argument, NULL, 's'},
    {"acks", required_argument, NULL, OPT_ACKS},
    {"compression", required_argument, NULL, 'z'},
    {"rate", required_argument, NULL, OPT_RATE},
    {"seconds", required_argument, NULL, OPT_SECONDS},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

typedef struct bench {
    const char *topic, *acks, *codec;
    long long records, size, rate, seconds;
    int json;
    /* latencies in microseconds, one per record measured */
    uint32_t *lat;
    size_t n_lat, cap_lat;
    long long delivered, failed;
} bench_t;

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    bench_t *b = ctx;
    switch (opt) {
    case 't':
        b->topic = arg;
        return 0;
    case 'n':
        if (cli_parse_ll(arg, 1, INT64_MAX / 2, &b->records))
            return cli_usage_error(cli, "--records '%s': not a positive count", arg), -1;
        return 0;
    case 's':
        if (cli_parse_ll(arg, 0, 64 << 20, &b->size))
            return cli_usage_error(cli, "--size '%s': 0 to 64 MiB", arg), -1;
        return 0;
    case OPT_ACKS:
        b->acks = arg;
        return 0;
    case 'z':
        b->codec = arg;
        return 0;
    case OPT_RATE:
        if (cli_parse_ll(arg, 1, 10000000, &b->rate))
            return cli_usage_error(cli, "--rate '%s': 1 to 10000000", arg), -1;
        return 0;
    case OPT_SECONDS:
        if (cli_parse_ll(arg, 1, 86400, &b->seconds))
            return cli_usage_error(cli, "--seconds '%s': 1 to 86400", arg), -1;
        return 0;
    case OPT_JSON:
        b->json = 1;
        return 0;
    }
    return -1;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void lat_add(bench_t *b, int64_t ns)
{
    if (b->n_lat == b->cap_lat) {
        size_t cap = b->cap_lat ? b->cap_lat * 2 : 1 << 16;
        uint32_t *v = realloc(b->lat, cap * sizeof(*v));
        if (!v)
            return; /* the percentiles then cover fewer records */
        b->lat = v;
        b->cap_lat = cap;
    }
    int64_t us = ns / 1000;
    b->lat[b->n_lat++] = us > UINT32_MAX ? UINT32_MAX : us < 0 ? 0 : (uint32_t)us;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/* The p-th percentile (0-100) of the latencies so far, in ms; sorts them. */
static double pct_ms(bench_t *b, double p)
{
    if (!b->n_lat)
        return 0;
    qsort(b->lat, b->n_lat, sizeof(*b->lat), cmp_u32);
    size_t i = (size_t)(p / 100.0 * (double)(b->n_lat - 1) + 0.5);
    return b->lat[i] / 1000.0;
}

/* The live line: at most 4 times a second, only on a terminal. */
static void progress(bench_t *b, const char *what, long long n, int64_t t0, int lat)
{
    static int64_t last;
    int64_t t = now_ns();
    if (!isatty(2) || t - last < 250000000)
        return;
    last = t;
    double s = (double)(t - t0) / 1e9;
    fprintf(stderr, "\r%s %lld records, %.0f records/s, %.1f MB/s", what, n,
            s > 0 ? (double)n / s : 0, s > 0 ? (double)n * (double)b->size / s / 1e6 : 0);
    if (lat && b->n_lat)
        fprintf(stderr, ", p50 %.2f ms, p99 %.2f ms", pct_ms(b, 50), pct_ms(b, 99));
    fprintf(stderr, "   ");
}

static void summary(bench_t *b, const char *mode, long long n, double seconds, long long failed)
{
    if (isatty(2))
        fprintf(stderr, "\n");
    double rps = seconds > 0 ? (double)n / seconds : 0;
    double mbps = rps * (double)b->size / 1e6;
    double p50 = pct_ms(b, 50), p99 = pct_ms(b, 99), max = pct_ms(b, 100);
    if (b->json)
        printf("{\"mode\":\"%s\",\"topic\":\"%s\",\"records\":%lld,\"failed\":%lld,"
               "\"seconds\":%.3f,\"records_per_s\":%.0f,\"mb_per_s\":%.2f,\"size\":%lld,"
               "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
               mode, b->topic, n, failed, seconds, rps, mbps, b->size, p50, p99, max);
    else
        printf("%s: %lld records in %.2f s: %.0f records/s, %.1f MB/s (%lld-byte values)%s"
               "%.2f ms p50, %.2f ms p99, %.2f ms max latency; %lld failed\n",
               mode, n, seconds, rps, mbps, b->size, b->n_lat ? ", " : "; no latency: ",
               p50, p99, max, failed);
}

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *opaque)
{
    (void)p;
    bench_t *b = opaque;
    if (d->err) {
        if (b->failed++ < 5)
            fprintf(stderr, "moldau bench: a record failed: %s\n", moldau_err_str(d->err));
        return;
    }
    b->delivered++;
    if (d->opaque)
        lat_add(b, now_ns() - (int64_t)(intptr_t)d->opaque);
}

static moldau_producer_t *producer_new(cli_t *cli, bench_t *b)
{
    const char *defaults[] = {"linger.ms", "5", NULL};
    const char *overrides[5] = {NULL};
    int n = 0;
    if (b->acks) {
        overrides[n++] = "acks";
        overrides[n++] = b->acks;
    }
    if (b->codec) {
        overrides[n++] = "compression.type";
        overrides[n++] = b->codec;
    }
    moldau_conf_t *conf = cli_conf(cli, defaults, overrides);
    if (!conf)
        return NULL;
    moldau_conf_set_delivery_cb(conf, on_delivery);
    moldau_conf_set_opaque(conf, b);
    char err[512];
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!p)
        cli_error(cli, "%s", err);
    return p;
}

/* Fails unless the cluster answers and has the topic. */
static int topic_ok(cli_t *cli, moldau_client_t *client, const char *topic)
{
    moldau_err_t terr = MOLDAU_ERR_NONE;
    int n = cli_topic_partitions(cli, client, topic, &terr);
    if (n == 0)
        cli_error(cli, "topic %s: %s", topic, moldau_err_str(terr));
    return n;
}

static int run_produce(cli_t *cli, bench_t *b)
{
    moldau_producer_t *p = producer_new(cli, b);
    if (!p)
        return CLI_EXIT_USAGE;
    if (topic_ok(cli, moldau_producer_client(p), b->topic) <= 0) {
        moldau_producer_close(p, 0);
        return CLI_EXIT_FAILED;
    }
    char *value = malloc((size_t)b->size + 1);
    if (!value)
        return CLI_EXIT_FAILED;
    memset(value, 'x', (size_t)b->size);
    int64_t t0 = now_ns();
    long long sent = 0;
    for (; sent < b->records && !cli_stop; sent++) {
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = b->topic;
        r.value = value;
        r.value_len = (size_t)b->size;
        /* every 64th record's report measures the delivery latency */
        void *stamp = (sent & 63) == 0 ? (void *)(intptr_t)now_ns() : NULL;
        moldau_err_t e = moldau_produce(p, &r, NULL, stamp);
        if (e) {
            cli_error(cli, "produce: %s", moldau_err_str(e));
            break;
        }
        if ((sent & 1023) == 0) {
            moldau_producer_poll(p, 0);
            progress(b, "produced", b->delivered, t0, 1);
        }
    }
    moldau_producer_flush(p, -1);
    double s = (double)(now_ns() - t0) / 1e9;
    moldau_producer_close(p, 10000);
    free(value);
    summary(b, "produce", b->delivered, s, b->failed + (b->records - sent));
    return b->failed || sent < b->records ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static moldau_consumer_t *consumer_new(cli_t *cli)
{
    const char *defaults[] = {"auto.offset.reset", "earliest", NULL};
    moldau_conf_t *conf = cli_conf(cli, defaults, NULL);
    if (!conf)
        return NULL;
    char err[512];
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!c)
        cli_error(cli, "%s", err);
    return c;
}

static int assign_all(cli_t *cli, moldau_consumer_t *c, const char *topic, int64_t start)
{
    int n = topic_ok(cli, moldau_consumer_client(c), topic);
    if (n <= 0)
        return -1;
    moldau_partition_list_t *l = moldau_partition_list_new((size_t)n);
    for (int i = 0; l && i < n; i++) {
        moldau_topic_partition_t *tp = moldau_partition_list_add(l, topic, i);
        if (tp)
            tp->offset = start;
    }
    moldau_err_t e = l ? moldau_consumer_assign(c, l) : MOLDAU_ERR__NO_MEMORY;
    moldau_partition_list_destroy(l);
    if (e)
        cli_error(cli, "assign: %s", moldau_err_str(e));
    return e ? -1 : 0;
}

static int run_consume(cli_t *cli, bench_t *b)
{
    moldau_consumer_t *c = consumer_new(cli);
    if (!c)
        return CLI_EXIT_USAGE;
    if (assign_all(cli, c, b->topic, MOLDAU_OFFSET_BEGINNING)) {
        moldau_consumer_close(c);
        return CLI_EXIT_FAILED;
    }
    const moldau_consumer_record_t *recs[500];
    long long got = 0, bytes = 0;
    int64_t t0 = 0, last = now_ns();
    int errors = 0;
    /* ends at the count, or after 10 s without a record (the topic holds fewer) */
    while (got < b->records && !cli_stop && now_ns() - last < 10000000000LL) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 500, 200, &e);
        if (n < 0) {
            if (errors++ < 5)
                cli_error(cli, "%s", e.reason);
            continue;
        }
        if (n > 0) {
            if (!t0)
                t0 = now_ns();
            last = now_ns();
        }
        for (int i = 0; i < n; i++)
            bytes += (long long)recs[i]->value_len;
        got += n;
        if (t0)
            progress(b, "consumed", got, t0, 0);
    }
    double s = t0 ? (double)(last - t0) / 1e9 : 0;
    if (got)
        b->size = bytes / got;
    moldau_consumer_close(c);
    summary(b, "consume", got, s, 0);
    if (got < b->records)
        cli_error(cli, "%lld of %lld records came (the topic holds fewer?)", got, b->records);
    return got < b->records || errors ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static int run_e2e(cli_t *cli, bench_t *b)
{
    if (b->size < STAMP_LEN)
        b->size = STAMP_LEN;
    moldau_producer_t *p = producer_new(cli, b);
    moldau_consumer_t *c = p ? consumer_new(cli) : NULL;
    if (!c || assign_all(cli, c, b->topic, MOLDAU_OFFSET_END)) {
        moldau_consumer_close(c);
        if (p)
            moldau_producer_close(p, 0);
        return p ? CLI_EXIT_FAILED : CLI_EXIT_USAGE;
    }
    /* the consumer finds the partitions' ends before anything is sent */
    const moldau_consumer_record_t *recs[500];
    moldau_consumer_error_t e;
    for (int64_t until = now_ns() + 1000000000LL; now_ns() < until;)
        moldau_consumer_poll_batch(c, recs, 500, 100, &e);
    char *value = malloc((size_t)b->size + 1);
    if (!value) {
        moldau_consumer_close(c);
        moldau_producer_close(p, 0);
        return CLI_EXIT_FAILED;
    }
    memset(value, 'x', (size_t)b->size);
    long long total = b->rate * b->seconds, sent = 0, got = 0;
    int64_t t0 = now_ns(), step = 1000000000LL / b->rate;
    int64_t bound = t0 + (b->seconds + 10) * 1000000000LL; /* 10 s more for the stragglers */
    while (!cli_stop && (sent < total || got < sent) && now_ns() < bound) {
        int64_t now = now_ns();
        for (; sent < total && t0 + sent * step <= now; sent++) {
            snprintf(value, STAMP_LEN + 1, "%0*lld", STAMP_LEN, (long long)now_ns());
            value[STAMP_LEN] = 'x';
            moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
            r.topic = b->topic;
            r.value = value;
            r.value_len = (size_t)b->size;
            if (moldau_produce(p, &r, NULL, NULL))
                break;
        }
        moldau_producer_poll(p, 0);
        int n = moldau_consumer_poll_batch(c, recs, 500, 1, &e);
        for (int i = 0; i < n; i++) {
            char stamp[STAMP_LEN + 1];
            if (recs[i]->value_len < STAMP_LEN)
                continue;
            memcpy(stamp, recs[i]->value, STAMP_LEN);
            stamp[STAMP_LEN] = '\0';
            lat_add(b, now_ns() - strtoll(stamp, NULL, 10));
            got++;
        }
        progress(b, "e2e", got, t0, 1);
    }
    double s = (double)(now_ns() - t0) / 1e9;
    moldau_producer_flush(p, 10000);
    moldau_producer_close(p, 10000);
    moldau_consumer_close(c);
    free(value);
    summary(b, "e2e", got, s, sent - got);
    if (got < total)
        cli_error(cli, "%lld of %lld records came back", got, total);
    return got < total ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cmd_bench(int argc, char **argv)
{
    bench_t b = {.records = 1000000, .size = 100, .rate = 10000, .seconds = 10};
    cli_t cli = {.cmd = "bench", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "t:n:s:z:", longs, on_opt, &b);
    if (rc)
        return rc == 1 ? CLI_EXIT_OK : rc;
    if (optind != argc - 1)
        return cli_usage_error(&cli, "one mode is needed: produce, consume or e2e");
    if (!b.topic)
        return cli_usage_error(&cli, "a topic is required (-t TOPIC)");
    const char *mode = argv[optind];
    cli_handle_signals();
    if (!strcmp(mode, "produce"))
        rc = run_produce(&cli, &b);
    else if (!strcmp(mode, "consume"))
        rc = run_consume(&cli, &b);
    else if (!strcmp(mode, "e2e"))
        rc = run_e2e(&cli, &b);
    else
        rc = cli_usage_error(&cli, "unknown mode '%s': produce, consume or e2e", mode);
    free(b.lat);
    return rc;
}
