/* group_member: one moldau member of a consumer group, a separate process for the system
 * tests (tests/interop/check_group_*.c drive several and read their logs). It subscribes,
 * polls, "processes" each record by writing it to its log, commits after processing, logs
 * every rebalance event, and on SIGTERM commits, closes (leaves the group) and exits 0.
 * SIGKILL kills it where it stands: the log is written with write(2) line by line, so what it
 * logged survives.
 *
 *   group_member --bootstrap B --group G --topic T --log PATH
 *                [--strategy range|roundrobin|cooperative-sticky] [--commit sync|auto]
 *                [--reset earliest|latest] [--max N] [--set name=value]...
 *
 * --max N: after N records processed, commit and close as on SIGTERM. --commit sync (the
 * default): a synchronous commit after every polled batch and in the REVOKED callback;
 * auto: enable.auto.commit, results seen through the commit callback.
 *
 * The log, one line per event, fields separated by one space, times in ns of CLOCK_MONOTONIC
 * (the same clock as Python's time.monotonic_ns(), so members' logs compare); parts are
 * comma-separated partition numbers, "-" for none (tests/interop/group_check.py reads it):
 *   S <t> <pid> moldau                     started
 *   E <t> ASSIGNED|REVOKED|LOST <gen> <parts>   a rebalance event, the partitions it names,
 *                                          the generation at the time (-1 unknown)
 *   A <t> <gen> <parts>                    the whole assignment after an ASSIGNED event
 *   K <t> <partition> <offset>             committed() for a newly assigned partition (-1 none)
 *   R <t> <topic> <partition> <offset> <key>   a record processed
 *   C <t> <partition> <next offset>        a commit of it succeeded
 *   F <t> <error>                          a commit failed
 *   X <t>                                  closed cleanly (committed, left the group)
 * Test-only: not part of libmoldau. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "consumer/consumer.h" /* generation_id, for the log: the tests check per generation */
#include "moldau.h"

#define MAX_PARTS 256

static volatile sig_atomic_t stop;
static int logfd = -1;
static const char *topic;
static int auto_commit;
/* per partition: the next offset after the last record processed, and after the last commit
 * logged (-1: none) */
static int64_t processed[MAX_PARTS], committed[MAX_PARTS];

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One line, written whole with one write(2): it is in the file even if SIGKILL follows. */
static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    char line[8192];
    int n = snprintf(line, sizeof(line), "%c %lld", fmt[0], now_ns());
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt + 1, ap);
    va_end(ap);
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    if (write(logfd, line, (size_t)n) != n) {
        perror("group_member: log");
        exit(2);
    }
}

static void parts_str(char *buf, size_t size, const moldau_partition_list_t *l)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; l && i < l->n && len + 16 < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d", len ? "," : "",
                                (int)l->elems[i].partition);
    if (!len)
        snprintf(buf, size, "-");
}

static int32_t generation(moldau_consumer_t *c)
{
    pthread_mutex_lock(&c->lock);
    int32_t g = c->generation_id;
    pthread_mutex_unlock(&c->lock);
    return g;
}

/* Commits what was processed (the positions of what poll handed out) and logs it. */
static void commit_sync(moldau_consumer_t *c)
{
    int any = 0;
    for (int p = 0; p < MAX_PARTS; p++)
        any |= processed[p] > committed[p];
    if (!any)
        return;
    moldau_err_t err = moldau_consumer_commit(c, NULL, 0);
    if (err) {
        logf_("F %s", moldau_err_name(err));
        return;
    }
    for (int p = 0; p < MAX_PARTS; p++)
        if (processed[p] > committed[p]) {
            committed[p] = processed[p];
            logf_("C %d %lld", p, (long long)committed[p]);
        }
}

static void on_rebalance(moldau_consumer_t *c, moldau_rebalance_event_t ev,
                         const moldau_partition_list_t *l, void *opaque)
{
    (void)opaque;
    static const char *const names[] = {"?", "ASSIGNED", "REVOKED", "LOST"};
    char buf[2048];
    int32_t gen = generation(c);
    parts_str(buf, sizeof(buf), l);
    logf_("E %s %d %s", names[ev <= MOLDAU_REBALANCE_LOST ? ev : 0], (int)gen, buf);
    if (ev != MOLDAU_REBALANCE_ASSIGNED) {
        if (ev == MOLDAU_REBALANCE_REVOKED && !auto_commit)
            commit_sync(c); /* before they go: the next owner starts after what was processed */
        for (size_t i = 0; l && i < l->n; i++) /* what was not committed is not ours to commit */
            if (l->elems[i].partition < MAX_PARTS)
                processed[l->elems[i].partition] = committed[l->elems[i].partition] = -1;
    } else if (ev == MOLDAU_REBALANCE_ASSIGNED) {
        moldau_partition_list_t *a = NULL;
        if (moldau_consumer_assignment(c, &a) == MOLDAU_ERR_NONE) {
            parts_str(buf, sizeof(buf), a);
            logf_("A %d %s", (int)gen, buf);
            moldau_partition_list_destroy(a);
        }
        /* what the group committed for them, as committed() reads it */
        moldau_partition_list_t *k = moldau_partition_list_new(l ? l->n : 0);
        for (size_t i = 0; l && i < l->n; i++)
            moldau_partition_list_add(k, l->elems[i].topic, l->elems[i].partition);
        if (k->n && moldau_consumer_committed(c, k, 10000) == MOLDAU_ERR_NONE)
            for (size_t i = 0; i < k->n; i++)
                logf_("K %d %lld", (int)k->elems[i].partition,
                      k->elems[i].err || k->elems[i].offset < 0 ? -1LL
                                                                 : (long long)k->elems[i].offset);
        moldau_partition_list_destroy(k);
    }
}

/* Auto-commit results: what the broker took is committed. */
static void on_commit(moldau_consumer_t *c, moldau_err_t err, const moldau_partition_list_t *l,
                      void *opaque)
{
    (void)c, (void)opaque;
    if (err) {
        logf_("F %s", moldau_err_name(err));
        return;
    }
    for (size_t i = 0; l && i < l->n; i++)
        if (!l->elems[i].err && l->elems[i].offset >= 0 && l->elems[i].partition < MAX_PARTS &&
            l->elems[i].offset > committed[l->elems[i].partition]) {
            committed[l->elems[i].partition] = l->elems[i].offset;
            logf_("C %d %lld", (int)l->elems[i].partition, (long long)l->elems[i].offset);
        }
}

static void usage(void)
{
    fprintf(stderr, "usage: group_member --bootstrap B --group G --topic T --log PATH "
                    "[--strategy S] [--commit sync|auto] [--reset earliest|latest] [--max N] "
                    "[--set name=value]...\n");
    exit(2);
}

static void set(moldau_conf_t *conf, const char *name, const char *value)
{
    char errstr[512];
    if (moldau_conf_set(conf, name, value, errstr, sizeof(errstr))) {
        fprintf(stderr, "group_member: %s\n", errstr);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    const char *bootstrap = NULL, *group = NULL, *log = NULL, *strategy = "range";
    const char *reset = "earliest";
    long max = -1;
    moldau_conf_t *conf = moldau_conf_new();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        i++;
        if (!strcmp(a, "--bootstrap"))
            bootstrap = v;
        else if (!strcmp(a, "--group"))
            group = v;
        else if (!strcmp(a, "--topic"))
            topic = v;
        else if (!strcmp(a, "--log"))
            log = v;
        else if (!strcmp(a, "--strategy"))
            strategy = v;
        else if (!strcmp(a, "--commit"))
            auto_commit = !strcmp(v, "auto");
        else if (!strcmp(a, "--reset"))
            reset = v;
        else if (!strcmp(a, "--max"))
            max = strtol(v, NULL, 10);
        else if (!strcmp(a, "--set")) {
            char kv[512];
            snprintf(kv, sizeof(kv), "%s", v);
            char *eq = strchr(kv, '=');
            if (!eq)
                usage();
            *eq = '\0';
            set(conf, kv, eq + 1);
        } else
            usage();
    }
    if (!bootstrap || !group || !topic || !log)
        usage();
    logfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (logfd < 0) {
        perror(log);
        return 2;
    }
    for (int p = 0; p < MAX_PARTS; p++)
        processed[p] = committed[p] = -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "group.id", group);
    set(conf, "partition.assignment.strategy", strategy);
    set(conf, "auto.offset.reset", reset);
    set(conf, "enable.auto.commit", auto_commit ? "true" : "false");
    moldau_conf_set_rebalance_cb(conf, on_rebalance);
    moldau_conf_set_offset_commit_cb(conf, on_commit);
    char errstr[512];
    moldau_consumer_t *c = moldau_consumer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!c) {
        fprintf(stderr, "group_member: %s\n", errstr);
        return 2;
    }
    logf_("S %d moldau", (int)getpid());
    const char *topics[] = {topic};
    moldau_err_t err = moldau_consumer_subscribe(c, topics, 1);
    if (err) {
        fprintf(stderr, "group_member: subscribe: %s\n", moldau_err_str(err));
        return 2;
    }

    long done = 0;
    while (!stop && (max < 0 || done < max)) {
        const moldau_consumer_record_t *recs[100];
        moldau_consumer_error_t e;
        int want = max < 0 || max - done > 100 ? 100 : (int)(max - done);
        int n = moldau_consumer_poll_batch(c, recs, want, 200, &e);
        if (n < 0) {
            fprintf(stderr, "group_member: %s [%d]: %s\n", e.topic ? e.topic : "-",
                    (int)e.partition, e.reason);
            continue;
        }
        for (int i = 0; i < n; i++) {
            const moldau_consumer_record_t *r = recs[i];
            int klen = r->key ? (int)r->key_len : 1;
            logf_("R %s %d %lld %.*s", r->topic, (int)r->partition, (long long)r->offset, klen,
                  r->key ? (const char *)r->key : "-");
            if (r->partition < MAX_PARTS)
                processed[r->partition] = r->offset + 1;
        }
        done += n;
        if (n > 0 && !auto_commit)
            commit_sync(c); /* after processing: at least once */
    }
    if (!auto_commit)
        commit_sync(c);
    moldau_consumer_close(c); /* auto-commit's final commit, revoke, LeaveGroup */
    logf_("X");
    close(logfd);
    return 0;
}
