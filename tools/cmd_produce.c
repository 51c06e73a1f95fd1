/* moldau produce: one record per line of stdin or a file, every delivery waited for.
 * Lines are parsed as Kafka's console producer does (--property parse.key, key.separator,
 * parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker,
 * ignore.error), -K SEP being kcat's spelling of parse.key with that separator. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define OPT_ACKS 2000
#define OPT_CODEC 2001
#define MAX_SHOWN_FAILURES 5 /* failed records told one by one; the rest only counted */

static const char usage[] =
    "usage: moldau produce -t TOPIC [options] [FILE]\n"
    "Sends each line of FILE (default: stdin) as one record and waits for every delivery.\n"
    "  -t, --topic TOPIC               topic to write to (required)\n"
    "  -K, --key-separator SEP         a line is KEY SEP VALUE (same as --property\n"
    "                                  parse.key=true --property key.separator=SEP)\n"
    "  -H, --header NAME=VALUE         a header on every record (repeatable)\n"
    "  -p, --partition N               every record to partition N (default: by key)\n"
    "  --acks all|1|0|-1               acknowledgements (also --request-required-acks)\n"
    "  -z, --compression CODEC         none, gzip, snappy, lz4, zstd (also\n"
    "                                  --compression-codec)\n"
    "  --property NAME=VALUE           line parsing as kafka-console-producer's:\n"
    "                                  parse.key, key.separator (default TAB), parse.headers,\n"
    "                                  headers.delimiter (TAB), headers.separator (,),\n"
    "                                  headers.key.separator (:), null.marker, ignore.error\n";

static const struct option longs[] = {
    {"topic", required_argument, NULL, 't'},
    {"key-separator", required_argument, NULL, 'K'},
    {"header", required_argument, NULL, 'H'},
    {"partition", required_argument, NULL, 'p'},
    {"acks", required_argument, NULL, OPT_ACKS},
    {"request-required-acks", required_argument, NULL, OPT_ACKS},
    {"compression", required_argument, NULL, 'z'},
    {"compression-codec", required_argument, NULL, OPT_CODEC},
    {NULL, 0, NULL, 0},
};

typedef struct produce {
    const char *topic;
    const char *key_sep;   /* -K */
    int32_t partition;
    const char *acks;
    const char *codec;
    moldau_record_header_t *headers; /* -H, then the line's own while it is sent */
    size_t n_fixed, cap;
    /* line parsing (--property) */
    int parse_key, parse_headers, ignore_error;
    const char *sep, *hdr_delim, *hdr_sep, *hdr_kv_sep, *null_marker;
    /* counts */
    size_t sent, delivered, failed, unparsed;
} produce_t;

static int add_header(produce_t *pr, const char *key, size_t key_len, const char *value,
                      size_t value_len)
{
    if (pr->n_fixed == pr->cap) {
        size_t cap = pr->cap ? pr->cap * 2 : 8;
        moldau_record_header_t *h = realloc(pr->headers, cap * sizeof(*h));
        if (!h)
            return -1;
        pr->headers = h;
        pr->cap = cap;
    }
    /* key_len 0 means NUL-terminated to moldau: an empty key is "" then, which is right */
    pr->headers[pr->n_fixed++] = (moldau_record_header_t){key, key_len, value, value_len};
    return 0;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    produce_t *pr = ctx;
    long long v;
    switch (opt) {
    case 't':
        pr->topic = arg;
        return 0;
    case 'K':
        if (!*arg)
            return cli_usage_error(cli, "-K: the key separator may not be empty"), -1;
        pr->key_sep = arg;
        return 0;
    case 'H': {
        const char *eq = strchr(arg, '=');
        if (eq == arg)
            return cli_usage_error(cli, "-H '%s': a header needs a name", arg), -1;
        if (add_header(pr, arg, eq ? (size_t)(eq - arg) : strlen(arg), eq ? eq + 1 : NULL,
                       eq ? strlen(eq + 1) : 0))
            return cli_usage_error(cli, "out of memory"), -1;
        return 0;
    }
    case 'p':
        if (cli_parse_ll(arg, 0, INT32_MAX, &v))
            return cli_usage_error(cli, "-p '%s': not a partition number", arg), -1;
        pr->partition = (int32_t)v;
        return 0;
    case OPT_ACKS:
        pr->acks = arg;
        return 0;
    case 'z':
    case OPT_CODEC:
        pr->codec = arg;
        return 0;
    }
    return -1;
}

/* Where `needle` first occurs in line[from, len), or NULL. */
static const char *find(const char *line, size_t len, size_t from, const char *needle)
{
    size_t nl = strlen(needle);
    for (size_t i = from; nl && i + nl <= len; i++)
        if (!memcmp(line + i, needle, nl))
            return line + i;
    return NULL;
}

static int is_null(const produce_t *pr, const char *s, size_t len)
{
    return pr->null_marker && strlen(pr->null_marker) == len && !memcmp(s, pr->null_marker, len);
}

/* The line's "k:v,k2:v2" headers appended after the -H ones; 0 or -1 (said). */
static int parse_headers(produce_t *pr, const cli_t *cli, const char *s, size_t len,
                         size_t lineno)
{
    size_t pos = 0, hs = strlen(pr->hdr_sep), ks = strlen(pr->hdr_kv_sep);
    while (pos <= len) {
        const char *end = find(s, len, pos, pr->hdr_sep);
        size_t plen = (end ? (size_t)(end - s) : len) - pos;
        const char *pair = s + pos;
        const char *kv = find(pair, plen, 0, pr->hdr_kv_sep);
        size_t klen = kv ? (size_t)(kv - pair) : plen;
        if (!kv && !pr->ignore_error) {
            cli_error(cli, "line %zu: no header key separator '%s' in '%.*s'", lineno,
                      pr->hdr_kv_sep, (int)plen, pair);
            return -1;
        }
        if (is_null(pr, pair, klen) || klen == 0) {
            cli_error(cli, "line %zu: a header needs a name", lineno);
            return -1;
        }
        const char *val = kv ? kv + ks : NULL;
        size_t vlen = kv ? plen - klen - ks : 0;
        if (val && is_null(pr, val, vlen))
            val = NULL;
        if (add_header(pr, pair, klen, val, vlen))
            return -1;
        if (!end)
            break;
        pos += plen + hs;
    }
    return 0;
}

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *opaque)
{
    (void)p;
    produce_t *pr = opaque;
    if (d->err == MOLDAU_ERR_NONE) {
        pr->delivered++;
        return;
    }
    if (++pr->failed <= MAX_SHOWN_FAILURES)
        fprintf(stderr, "moldau produce: line %" PRIuPTR ": %s%s%s\n", (uintptr_t)d->opaque,
                moldau_err_str(d->err), d->reason ? ": " : "", d->reason ? d->reason : "");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(const produce_t *pr, int final)
{
    static double last;
    double t = now_s();
    if (!final && t - last < 0.2)
        return;
    last = t;
    fprintf(stderr, "\r%zu sent, %zu delivered, %zu failed%s", pr->sent, pr->delivered,
            pr->failed + pr->unparsed, final ? "\n" : "");
}

/* Sends one line; 0, or -1 when the line cannot be parsed or the producer refuses it. */
static int send_line(produce_t *pr, const cli_t *cli, moldau_producer_t *p, char *line,
                     size_t len, size_t lineno)
{
    size_t pos = 0;
    size_t n_fixed = pr->n_fixed;
    int rc = -1;
    if (pr->parse_headers) {
        const char *d = find(line, len, 0, pr->hdr_delim);
        if (!d && !pr->ignore_error) {
            cli_error(cli, "line %zu: no headers delimiter found", lineno);
            goto out;
        }
        if (d) {
            size_t hlen = (size_t)(d - line);
            if (!is_null(pr, line, hlen) && parse_headers(pr, cli, line, hlen, lineno))
                goto out;
            pos = hlen + strlen(pr->hdr_delim);
        }
    }
    moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
    r.topic = pr->topic;
    r.partition = pr->partition;
    if (pr->parse_key) {
        const char *s = find(line, len, pos, pr->sep);
        if (!s && !pr->ignore_error) {
            cli_error(cli, "line %zu: no key separator '%s' found", lineno, pr->sep);
            goto out;
        }
        if (s) {
            size_t klen = (size_t)(s - line) - pos;
            if (!is_null(pr, line + pos, klen)) {
                r.key = line + pos;
                r.key_len = klen;
            }
            pos += klen + strlen(pr->sep);
        }
    }
    if (!is_null(pr, line + pos, len - pos)) {
        r.value = line + pos;
        r.value_len = len - pos;
    }
    r.headers = pr->headers;
    r.n_headers = pr->n_fixed;
    moldau_err_t e;
    /* buffer.memory full for max.block.ms: serve reports and try again */
    while ((e = moldau_produce(p, &r, on_delivery, (void *)(uintptr_t)lineno)) ==
               MOLDAU_ERR__QUEUE_FULL &&
           !cli_stop)
        moldau_producer_poll(p, 100);
    if (e != MOLDAU_ERR_NONE) {
        cli_error(cli, "line %zu: %s", lineno, moldau_err_str(e));
        goto out;
    }
    pr->sent++;
    rc = 0;
out:
    pr->n_fixed = n_fixed; /* drop the line's own headers */
    return rc;
}

static void read_props(produce_t *pr, const cli_t *cli)
{
    pr->parse_key = pr->key_sep || cli_fmt_bool(cli, "parse.key", 0);
    pr->sep = pr->key_sep ? pr->key_sep : cli_fmt_prop(cli, "key.separator");
    if (!pr->sep)
        pr->sep = "\t";
    pr->parse_headers = cli_fmt_bool(cli, "parse.headers", 0);
    pr->hdr_delim = cli_fmt_prop(cli, "headers.delimiter");
    pr->hdr_sep = cli_fmt_prop(cli, "headers.separator");
    pr->hdr_kv_sep = cli_fmt_prop(cli, "headers.key.separator");
    pr->hdr_delim = pr->hdr_delim ? pr->hdr_delim : "\t";
    pr->hdr_sep = pr->hdr_sep ? pr->hdr_sep : ",";
    pr->hdr_kv_sep = pr->hdr_kv_sep ? pr->hdr_kv_sep : ":";
    pr->null_marker = cli_fmt_prop(cli, "null.marker");
    pr->ignore_error = cli_fmt_bool(cli, "ignore.error", 0);
}

/* Separators that would make a line ambiguous; NULL when they are fine. */
static const char *bad_props(const produce_t *pr)
{
    if (!*pr->sep || !*pr->hdr_delim || !*pr->hdr_sep || !*pr->hdr_kv_sep)
        return "separators may not be empty";
    if (!strcmp(pr->hdr_delim, pr->hdr_sep) || !strcmp(pr->hdr_delim, pr->hdr_kv_sep) ||
        !strcmp(pr->hdr_sep, pr->hdr_kv_sep))
        return "headers.delimiter, headers.separator and headers.key.separator must differ";
    if (pr->null_marker &&
        (!strcmp(pr->null_marker, pr->sep) || !strcmp(pr->null_marker, pr->hdr_delim) ||
         !strcmp(pr->null_marker, pr->hdr_sep) || !strcmp(pr->null_marker, pr->hdr_kv_sep)))
        return "null.marker may not equal a separator";
    return NULL;
}

int cmd_produce(int argc, char **argv)
{
    produce_t pr = {.partition = MOLDAU_PARTITION_ANY};
    cli_t cli = {.cmd = "produce", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "t:K:H:p:z:", longs, on_opt, &pr);
    moldau_conf_t *conf = NULL;
    moldau_producer_t *p = NULL;
    FILE *in = stdin;
    char *line = NULL;
    if (rc) {
        rc = rc == 1 ? CLI_EXIT_OK : rc; /* 1: --help was printed */
        goto done;
    }
    rc = CLI_EXIT_USAGE;
    if (!pr.topic) {
        cli_usage_error(&cli, "a topic is required (-t TOPIC)");
        goto done;
    }
    if (argc - optind > 1) {
        cli_usage_error(&cli, "one FILE at most, got '%s' too", argv[optind + 1]);
        goto done;
    }
    read_props(&pr, &cli);
    const char *bad = bad_props(&pr);
    if (bad) {
        cli_usage_error(&cli, "%s", bad);
        goto done;
    }
    const char *overrides[5] = {NULL};
    int no = 0;
    if (pr.acks) {
        overrides[no++] = "acks";
        overrides[no++] = pr.acks;
    }
    if (pr.codec) {
        overrides[no++] = "compression.type";
        overrides[no++] = pr.codec;
    }
    if (!(conf = cli_conf(&cli, NULL, overrides)))
        goto done;
    const char *path = optind < argc ? argv[optind] : NULL;
    if (path && strcmp(path, "-") && !(in = fopen(path, "r"))) {
        cli_usage_error(&cli, "%s: %s", path, strerror(errno));
        goto done;
    }
    moldau_conf_set_opaque(conf, &pr);
    char err[512];
    if (!(p = moldau_producer_new(conf, err, sizeof(err)))) {
        cli_usage_error(&cli, "%s", err);
        goto done;
    }
    rc = CLI_EXIT_FAILED;
    moldau_err_t terr;
    int n = cli_topic_partitions(&cli, moldau_producer_client(p), pr.topic, &terr);
    if (n < 0)
        goto done;
    /* an unknown topic may still be created by the broker on the producer's own request */
    if (n == 0 && terr != MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
        cli_error(&cli, "topic '%s': %s", pr.topic, moldau_err_str(terr));
        goto done;
    }
    if (n > 0 && pr.partition >= n) {
        cli_error(&cli, "topic '%s' has %d partition%s: there is no partition %d", pr.topic, n,
                  n == 1 ? "" : "s", (int)pr.partition);
        goto done;
    }

    cli_handle_signals();
    int tty = isatty(2);
    size_t cap = 0, lineno = 0;
    ssize_t len;
    while (!cli_stop && (len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (len && line[len - 1] == '\n' && --len && line[len - 1] == '\r')
            len--;
        if (send_line(&pr, &cli, p, line, (size_t)len, lineno))
            pr.unparsed++;
        moldau_producer_poll(p, 0);
        if (tty)
            progress(&pr, 0);
    }
    if (ferror(in) && !cli_stop)
        cli_error(&cli, "reading %s: %s", path ? path : "stdin", strerror(errno));
    while (!cli_stop && moldau_producer_flush(p, 200) == MOLDAU_ERR__TIMED_OUT)
        if (tty)
            progress(&pr, 0);
    /* interrupted: what is left fails now (reported by close) instead of being waited for */
    moldau_producer_close(p, cli_stop ? 0 : 10000);
    p = NULL;
    if (tty)
        progress(&pr, 1);
    size_t failed = pr.failed + pr.unparsed;
    if (failed || cli_stop) {
        cli_error(&cli, "%zu of %zu records failed%s", failed, pr.sent + pr.unparsed,
                  cli_stop ? " (interrupted)" : "");
        rc = CLI_EXIT_FAILED;
    } else {
        rc = CLI_EXIT_OK;
    }
done:
    if (p)
        moldau_producer_close(p, 0);
    if (in && in != stdin)
        fclose(in);
    free(line);
    free(pr.headers);
    free(cli.props);
    free(cli.fmt_props);
    moldau_conf_destroy(conf);
    return rc;
}
