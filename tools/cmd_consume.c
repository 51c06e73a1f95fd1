/* moldau consume: prints a topic's records. Without a group every partition (or the one of
 * -p) is assigned by hand, from -o; with -g the consumer subscribes and the group's committed
 * offsets (else auto.offset.reset) say where each partition starts. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "format.h"

#define OPT_FROM_BEGINNING 3000
#define OPT_TIMEOUT 3001
#define OPT_ISOLATION 3002
#define BATCH 500

static const char usage[] =
    "usage: moldau consume -t TOPIC [options]\n"
    "Prints the records of TOPIC on stdout, the value alone, one per line, unless told\n"
    "otherwise; stops at Ctrl-C, -c, --timeout-ms or -e.\n"
    "  -t, --topic TOPIC               topic to read (required)\n"
    "  -p, --partition N               this partition only (default: all of them)\n"
    "  -g, --group GROUP               join GROUP (subscribe; its commits say where to\n"
    "                                  start; not with -p)\n"
    "  -o, --offset OFFSET             start at: beginning (or earliest), end (or latest,\n"
    "                                  the default), stored (the group's), N (absolute), -N\n"
    "                                  (N before the end), s@TIMESTAMP_MS (the first record\n"
    "                                  at or after that time); with -g only beginning/end\n"
    "  --from-beginning                the same as -o beginning\n"
    "  -c, --max-messages N            exit after N records\n"
    "  --timeout-ms MS                 exit when no record came for MS milliseconds\n"
    "  -e, --exit-at-end               exit when every partition is read to its end\n"
    "  -f, --format FMT                %k key, %s value, %p partition, %o offset,\n"
    "                                  %T timestamp, %h headers (k=v,...), %t topic,\n"
    "                                  %K/%S key/value length, \\n \\t escapes\n"
    "  -J, --json                      one JSON object per record\n"
    "  --isolation-level LEVEL         read_uncommitted or read_committed\n"
    "  --property NAME=VALUE           kafka-console-consumer's layout: print.key,\n"
    "                                  print.timestamp, print.partition, print.offset,\n"
    "                                  print.headers, print.value, key.separator,\n"
    "                                  line.separator, headers.separator, null.literal\n";

static const struct option longs[] = {
    {"topic", required_argument, NULL, 't'},
    {"partition", required_argument, NULL, 'p'},
    {"group", required_argument, NULL, 'g'},
    {"offset", required_argument, NULL, 'o'},
    {"from-beginning", no_argument, NULL, OPT_FROM_BEGINNING},
    {"max-messages", required_argument, NULL, 'c'},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
    {"exit-at-end", no_argument, NULL, 'e'},
    {"format", required_argument, NULL, 'f'},
    {"json", no_argument, NULL, 'J'},
    {"isolation-level", required_argument, NULL, OPT_ISOLATION},
    {NULL, 0, NULL, 0},
};

typedef enum start_kind { START_END, START_BEGINNING, START_STORED, START_ABS, START_REL,
                          START_TIME } start_kind_t;

typedef struct consume {
    const char *topic;
    int32_t partition;       /* -1: all */
    const char *group;
    start_kind_t start;
    long long start_value;
    int offset_given, from_beginning, exit_at_end, json;
    long long max_messages;  /* -1: no limit */
    long long timeout_ms;    /* -1: none */
    const char *format;
    const char *isolation;
} consume_t;

static int parse_offset(consume_t *co, const cli_t *cli, const char *s)
{
    co->offset_given = 1;
    if (!strcmp(s, "beginning") || !strcmp(s, "earliest"))
        co->start = START_BEGINNING;
    else if (!strcmp(s, "end") || !strcmp(s, "latest"))
        co->start = START_END;
    else if (!strcmp(s, "stored"))
        co->start = START_STORED;
    else if (!strncmp(s, "s@", 2) && !cli_parse_ll(s + 2, 0, INT64_MAX, &co->start_value))
        co->start = START_TIME;
    else if (s[0] == '-' && !cli_parse_ll(s + 1, 1, INT64_MAX, &co->start_value))
        co->start = START_REL;
    else if (!cli_parse_ll(s, 0, INT64_MAX, &co->start_value))
        co->start = START_ABS;
    else
        return cli_usage_error(cli, "-o '%s': not beginning, end, stored, N, -N or "
                                    "s@TIMESTAMP_MS", s), -1;
    return 0;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    consume_t *co = ctx;
    long long v;
    switch (opt) {
    case 't': co->topic = arg; return 0;
    case 'g': co->group = arg; return 0;
    case 'o': return parse_offset(co, cli, arg);
    case OPT_FROM_BEGINNING: co->from_beginning = 1; return 0;
    case 'e': co->exit_at_end = 1; return 0;
    case 'f': co->format = arg; return 0;
    case 'J': co->json = 1; return 0;
    case OPT_ISOLATION: co->isolation = arg; return 0;
    case 'p':
        if (cli_parse_ll(arg, 0, INT32_MAX, &v))
            return cli_usage_error(cli, "-p '%s': not a partition number", arg), -1;
        co->partition = (int32_t)v;
        return 0;
    case 'c':
        if (cli_parse_ll(arg, 1, INT64_MAX, &co->max_messages))
            return cli_usage_error(cli, "-c '%s': not a positive count", arg), -1;
        return 0;
    case OPT_TIMEOUT:
        if (cli_parse_ll(arg, 0, INT32_MAX, &co->timeout_ms))
            return cli_usage_error(cli, "--timeout-ms '%s': not a number of milliseconds",
                                   arg), -1;
        return 0;
    }
    return -1;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Where a hand-assigned partition starts; 0, or -1 after saying why. */
static int start_offsets(const consume_t *co, const cli_t *cli, moldau_consumer_t *c,
                         moldau_partition_list_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        moldau_topic_partition_t *tp = &l->elems[i];
        int64_t low, high;
        moldau_err_t e = MOLDAU_ERR_NONE;
        switch (co->start) {
        case START_END: tp->offset = MOLDAU_OFFSET_END; break;
        case START_BEGINNING: tp->offset = MOLDAU_OFFSET_BEGINNING; break;
        case START_STORED: tp->offset = MOLDAU_OFFSET_STORED; break;
        case START_ABS: tp->offset = co->start_value; break;
        case START_TIME: tp->offset = co->start_value; break;
        case START_REL:
            e = moldau_consumer_query_watermark_offsets(c, tp->topic, tp->partition, &low, &high,
                                                        -1);
            tp->offset = high - co->start_value < low ? low : high - co->start_value;
            break;
        }
        if (e != MOLDAU_ERR_NONE) {
            cli_error(cli, "%s [%d]: the partition's offsets: %s", tp->topic,
                      (int)tp->partition, moldau_err_str(e));
            return -1;
        }
    }
    if (co->start == START_TIME) {
        moldau_err_t e = moldau_consumer_offsets_for_times(c, l, -1);
        for (size_t i = 0; e == MOLDAU_ERR_NONE && i < l->n; i++)
            e = l->elems[i].err;
        if (e != MOLDAU_ERR_NONE) {
            cli_error(cli, "offsets for time %lld: %s", co->start_value, moldau_err_str(e));
            return -1;
        }
    }
    return 0;
}

/* Whether every partition of the assignment (`l`, or the group's when NULL) is read to its
 * end, skipping those that stopped on an error (done[p]). */
static int at_end(moldau_consumer_t *c, const moldau_partition_list_t *l, const char *done,
                  int n_done)
{
    moldau_partition_list_t *owned = NULL;
    if (!l && (moldau_consumer_assignment(c, &owned) != MOLDAU_ERR_NONE || !owned))
        return 0;
    const moldau_partition_list_t *a = l ? l : owned;
    int end = a->n > 0;
    for (size_t i = 0; end && i < a->n; i++) {
        const moldau_topic_partition_t *tp = &a->elems[i];
        int64_t pos = -1, low, high = -1;
        if (tp->partition < n_done && done[tp->partition])
            continue;
        moldau_consumer_position(c, tp->topic, tp->partition, &pos);
        moldau_consumer_get_watermark_offsets(c, tp->topic, tp->partition, &low, &high);
        end = pos >= 0 && high >= 0 && pos >= high;
    }
    moldau_partition_list_destroy(owned);
    return end;
}

static int check_usage(consume_t *co, cli_t *cli)
{
    if (!co->topic)
        return cli_usage_error(cli, "a topic is required (-t TOPIC)");
    if (co->group && co->partition >= 0)
        return cli_usage_error(cli, "-g and -p cannot be used together: a group assigns the "
                                    "partitions");
    if (co->from_beginning && co->offset_given && co->start != START_BEGINNING)
        return cli_usage_error(cli, "--from-beginning and -o cannot be used together");
    if (co->from_beginning)
        co->start = START_BEGINNING;
    if (co->group && co->offset_given && co->start != START_BEGINNING &&
        co->start != START_END && co->start != START_STORED)
        return cli_usage_error(cli, "with -g, -o can only be beginning or end (where the "
                                    "group has no committed offset)");
    if (co->json && co->format)
        return cli_usage_error(cli, "-J and -f cannot be used together");
    return 0;
}

int cmd_consume(int argc, char **argv)
{
    consume_t co = {.partition = -1, .max_messages = -1, .timeout_ms = -1};
    cli_t cli = {.cmd = "consume", .usage = usage};
    moldau_conf_t *conf = NULL;
    moldau_consumer_t *c = NULL;
    moldau_partition_list_t *l = NULL;
    char *done = NULL;
    long long count = 0, errors = 0;
    int ran = 0, grouped = 0; /* the poll loop started: the totals are worth saying */
    fmt_t fmt;
    int rc = cli_parse(&cli, argc, argv, "t:p:g:o:c:ef:J", longs, on_opt, &co);
    if (rc) {
        rc = rc == 1 ? CLI_EXIT_OK : rc; /* 1: --help was printed */
        goto out;
    }
    if ((rc = check_usage(&co, &cli)))
        goto out;
    rc = CLI_EXIT_USAGE;
    if (optind < argc) {
        cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
        goto out;
    }
    if (co.json)
        fmt.kind = FMT_JSON;
    else if (co.format) {
        if (fmt_format(&fmt, &cli, co.format))
            goto out;
    } else
        fmt_console(&fmt, &cli);

    const char *overrides[7] = {NULL};
    int no = 0;
    if (co.group) {
        overrides[no++] = "group.id";
        overrides[no++] = co.group;
    }
    if (co.start == START_BEGINNING || co.start == START_END) {
        overrides[no++] = "auto.offset.reset";
        overrides[no++] = co.start == START_BEGINNING ? "earliest" : "latest";
    }
    if (co.isolation) {
        overrides[no++] = "isolation.level";
        overrides[no++] = co.isolation;
    }
    if (!(conf = cli_conf(&cli, NULL, overrides)))
        goto out;
    /* a group.id from -X or the file means a group too, as for Kafka's console consumer */
    char group[256] = "";
    size_t gsz = sizeof(group);
    moldau_conf_get(conf, "group.id", group, &gsz);
    grouped = group[0] != '\0' && co.partition < 0;
    if (!grouped && co.start == START_STORED && !group[0]) {
        cli_usage_error(&cli, "-o stored needs a group (-g GROUP)");
        goto out;
    }
    char err[512];
    if (!(c = moldau_consumer_new(conf, err, sizeof(err)))) {
        cli_usage_error(&cli, "%s", err);
        goto out;
    }
    rc = CLI_EXIT_FAILED;
    moldau_err_t terr;
    int n = cli_topic_partitions(&cli, moldau_consumer_client(c), co.topic, &terr);
    if (n < 0)
        goto out;
    if (n == 0) {
        if (terr == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION)
            cli_error(&cli, "topic '%s' does not exist on %s", co.topic, cli.bootstrap);
        else
            cli_error(&cli, "topic '%s': %s", co.topic, moldau_err_str(terr));
        goto out;
    }
    if (co.partition >= n) {
        cli_error(&cli, "topic '%s' has %d partition%s: there is no partition %d", co.topic, n,
                  n == 1 ? "" : "s", (int)co.partition);
        goto out;
    }
    if (!(done = calloc((size_t)n, 1)))
        goto out;
    moldau_err_t e;
    if (grouped) {
        const char *topics[1] = {co.topic};
        e = moldau_consumer_subscribe(c, topics, 1);
    } else {
        if (!(l = moldau_partition_list_new((size_t)n)))
            goto out;
        for (int32_t p = 0; p < n; p++)
            if (co.partition < 0 || p == co.partition)
                moldau_partition_list_add(l, co.topic, p);
        if (start_offsets(&co, &cli, c, l))
            goto out;
        e = moldau_consumer_assign(c, l);
    }
    if (e != MOLDAU_ERR_NONE) {
        cli_error(&cli, "%s: %s", grouped ? "subscribe" : "assign", moldau_err_str(e));
        goto out;
    }

    cli_handle_signals();
    ran = 1;
    const moldau_consumer_record_t *recs[BATCH];
    long long last = now_ms();
    rc = CLI_EXIT_OK;
    while (!cli_stop && (co.max_messages < 0 || count < co.max_messages)) {
        /* never take more than -c leaves: the auto-commit at close commits what poll handed
         * out, which must be what was printed */
        int max = co.max_messages < 0 || co.max_messages - count > BATCH
                      ? BATCH
                      : (int)(co.max_messages - count);
        moldau_consumer_error_t ev;
        int got = moldau_consumer_poll_batch(c, recs, max, 100, &ev);
        if (got < 0) {
            errors++;
            if (ev.topic)
                cli_error(&cli, "%s [%d] at offset %" PRId64 ": %s", ev.topic,
                          (int)ev.partition, ev.offset, ev.reason ? ev.reason
                                                                  : moldau_err_str(ev.err));
            else
                cli_error(&cli, "%s", ev.reason ? ev.reason : moldau_err_str(ev.err));
            if (ev.topic && ev.partition >= 0 && ev.partition < n)
                done[ev.partition] = 1; /* it stopped fetching: -e must not wait for it */
            else if (!ev.topic && ev.err != MOLDAU_ERR__TIMED_OUT)
                break; /* the group failed for good (fenced, not authorized) */
        }
        for (int i = 0; i < got; i++)
            fmt_write(&fmt, recs[i], stdout);
        if (got > 0) {
            count += got;
            last = now_ms();
            /* the reader went away (`| head`): nothing more can be printed */
            if (fflush(stdout) || ferror(stdout))
                break;
        }
        if (co.exit_at_end && at_end(c, l, done, n))
            break;
        if (co.timeout_ms >= 0 && got <= 0 && now_ms() - last >= co.timeout_ms)
            break;
    }
    fflush(stdout);
    if (errors)
        rc = CLI_EXIT_FAILED;
out:
    moldau_consumer_close(c); /* commits what was printed, in a group with auto-commit */
    if (ran)
        fprintf(stderr, "Processed a total of %lld messages\n", count);
    if (ran && errors)
        cli_error(&cli, "%lld error%s (said above)", errors, errors == 1 ? "" : "s");
    moldau_partition_list_destroy(l);
    moldau_conf_destroy(conf);
    free(done);
    free(cli.props);
    free(cli.fmt_props);
    return rc;
}
