/* The fetcher on the real broker.
 *
 * Fetch sessions (KIP-227): one consumer of 200 partitions sends one full Fetch naming all 200,
 * then incremental ones naming only the partitions whose position moved. Its session is then
 * evicted by a bigger one and it falls back to a full Fetch, losing and repeating nothing.
 * Kafka 4 splits max.incremental.fetch.session.cache.slots over 8 cache shards (new sessions go
 * round robin over them) and a consumer's new session evicts another only when that one is
 * stale (unused for 120 s) or older than 120 s and not bigger: so this tcase starts its own
 * broker with 8 slots (one a shard), lets the consumer's session age past 120 s, and sends raw
 * full Fetches of 250 partitions until one lands in its shard.
 *
 * read_committed: confluent-kafka (the venv's, else Debian's) writes committed and aborted
 * transactions interleaved with plain records (tests/interop/txn_produce.py); read_committed
 * gets the committed and plain records exactly, at their offsets, in order, no control
 * records; read_uncommitted gets every data record; while a transaction is open the position
 * stops at its first offset (the LSO) until it commits. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/codec_conn_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "moldau/consumer.h"
#include "util/clock.h"

TEST_CODEC_WRAP(fetch)

/* ---- the per-Fetch debug lines, through the log callback ---------------------------------- */

typedef struct fline {
    int full, sent, forgotten, in_session, bytes; /* bytes: the request body encoded */
    int lost; /* "fetch session lost" */
    int64_t at_ms;
} fline_t;

typedef struct flog {
    fline_t v[20000];
    int n;
} flog_t;

static void log_cb(moldau_client_t *cl, int level, const char *fac, const char *msg, void *op)
{
    (void)cl;
    (void)level;
    flog_t *lg = op;
    if (strcmp(fac, "FETCH") || lg->n == (int)(sizeof(lg->v) / sizeof(lg->v[0])))
        return;
    fline_t l = {.at_ms = moldau__now_ms()};
    int node, v, sess, ep;
    char kind[16];
    size_t in, bytes;
    if (sscanf(msg, "node %d: Fetch v%d session %d epoch %d %15[a-z]: %d partitions sent, %d "
                    "forgotten, %zu in session, %zu bytes",
               &node, &v, &sess, &ep, kind, &l.sent, &l.forgotten, &in, &bytes) == 9) {
        l.full = !strcmp(kind, "full");
        l.in_session = (int)in;
        l.bytes = (int)bytes;
    } else if (strstr(msg, "fetch session lost")) {
        l.lost = 1;
    } else {
        return;
    }
    lg->v[lg->n++] = l;
}

static moldau_consumer_t *fc_new(const char *bootstrap, flog_t *lg, ...)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", lg ? "7" : "3", err, sizeof(err)), 0);
    if (lg) {
        ck_assert_int_eq(moldau_conf_set(conf, "debug", "consumer", err, sizeof(err)), 0);
        moldau_conf_set_log_cb(conf, log_cb);
        moldau_conf_set_opaque(conf, lg);
    }
    va_list ap;
    va_start(ap, lg);
    const char *k;
    while ((k = va_arg(ap, const char *))) {
        const char *v = va_arg(ap, const char *);
        ck_assert_msg(moldau_conf_set(conf, k, v, err, sizeof(err)) == 0, "%s", err);
    }
    va_end(ap);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

static void assign_all(moldau_consumer_t *c, const char *topic, int n, int64_t offset)
{
    moldau_partition_list_t *l = moldau_partition_list_new(0);
    for (int i = 0; i < n; i++)
        moldau_partition_list_add(l, topic, i)->offset = offset;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

/* ---- fetch sessions ---------------------------------------------------------------------- */

enum { SP = 200, SP_DATA = 20, SP_EXTRA = 50 };

/* Record id i goes to partition (i % SP_DATA) * (SP / SP_DATA), value "<i>": ids rise with
 * the offsets of each partition. */
static void produce_spread(const char *bootstrap, const char *topic, int from, int n)
{
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int i = from; i < from + n; i++) {
        char v[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = (i % SP_DATA) * (SP / SP_DATA);
        r.value = v;
        r.value_len = (size_t)snprintf(v, sizeof(v), "%d", i);
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

typedef struct seen {
    int *count; /* per id */
    int64_t last_off[SP];
    int last_id[SP];
    int got;
} seen_t;

/* Polls for up to `ms`, until `until` records came: each id once, rising per partition at
 * rising offsets. */
static void drain(moldau_consumer_t *c, seen_t *s, int until, int ms)
{
    const moldau_consumer_record_t *recs[500];
    for (int64_t end = moldau__now_ms() + ms; s->got < until && moldau__now_ms() < end;) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 500, 100, &e);
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < n; i++) {
            char v[32];
            size_t len = recs[i]->value_len < sizeof(v) - 1 ? recs[i]->value_len : sizeof(v) - 1;
            memcpy(v, recs[i]->value, len);
            v[len] = 0;
            int id = atoi(v), p = recs[i]->partition;
            ck_assert_int_eq(p, (id % SP_DATA) * (SP / SP_DATA));
            ck_assert_msg(s->count[id]++ == 0, "id %d twice", id);
            ck_assert_int_gt(id, s->last_id[p]);
            ck_assert_int_gt(recs[i]->offset, s->last_off[p]);
            s->last_id[p] = id;
            s->last_off[p] = recs[i]->offset;
            s->got++;
        }
    }
}

/* A raw full Fetch (v12, by name) opening a session of the SP partitions of `topic` and the
 * SP_EXTRA of `extra`: bigger than the consumer's. Returns the session id given (0: none). */
static int32_t raw_full_fetch(test_conn_t *tc, const char *topic, const char *extra)
{
    static moldau_fetch_request_partition_t ps[SP + SP_EXTRA];
    for (int i = 0; i < SP + SP_EXTRA; i++) {
        moldau_fetch_request_partition_init(&ps[i]);
        ps[i].partition = i < SP ? i : i - SP;
        ps[i].current_leader_epoch = -1;
        ps[i].fetch_offset = 0;
        ps[i].last_fetched_epoch = -1;
        ps[i].log_start_offset = -1;
        ps[i].partition_max_bytes = 1024;
    }
    moldau_fetch_request_topic_t ts[2] = {{.topic = topic, .partitions = ps, .n_partitions = SP},
                                          {.topic = extra, .partitions = ps + SP,
                                           .n_partitions = SP_EXTRA}};
    moldau_fetch_request_t req;
    moldau_fetch_request_init(&req);
    req.replica_id = -1;
    req.max_wait_ms = 0;
    req.min_bytes = 0;
    req.max_bytes = 1 << 20;
    req.session_id = 0;
    req.session_epoch = 0;
    req.topics = ts;
    req.n_topics = 2;
    moldau_fetch_response_t resp;
    test_conn_exchange_at(tc, MOLDAU_API_FETCH, 12, enc_fetch, &req, dec_fetch, &resp);
    ck_assert_int_eq(resp.error_code, 0);
    return resp.session_id;
}

static char s_dir[256], s_bootstrap[512], s_script[1024];

static void session_broker_start(void)
{
    const char *src = getenv("MOLDAU_SRCDIR");
    snprintf(s_script, sizeof(s_script), "%s/tests/support/kafka.sh", src ? src : ".");
    snprintf(s_dir, sizeof(s_dir), "%s/moldau-fetch.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(s_dir)) {
        s_dir[0] = 0;
        return;
    }
    char cmd[2048];
    /* 8 slots: one in each of the broker's 8 session cache shards */
    snprintf(cmd, sizeof(cmd),
             "MOLDAU_KAFKA_CONFIG='max.incremental.fetch.session.cache.slots=8' bash '%s' start "
             "--dir '%s' > '%s/start.log' 2>&1",
             s_script, s_dir, s_dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "fetch_kafka: no broker of its own (see %s/start.log)\n", s_dir);
        return;
    }
    snprintf(cmd, sizeof(cmd), "%s/bootstrap", s_dir);
    FILE *f = fopen(cmd, "r");
    if (f) {
        if (fgets(s_bootstrap, sizeof(s_bootstrap), f))
            s_bootstrap[strcspn(s_bootstrap, "\r\n")] = 0;
        fclose(f);
    }
}

static void session_broker_stop(void)
{
    if (!s_dir[0])
        return;
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "bash '%s' stop --dir '%s' > /dev/null 2>&1; rm -rf '%s'",
             s_script, s_dir, s_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fetch_kafka: stopping %s failed\n", s_dir);
}

START_TEST(session_incremental_then_evicted)
{
    if (!s_bootstrap[0]) {
        test_peer_missing(__func__, "a Kafka broker of the suite's own (tests/support/kafka.sh)");
        return;
    }
    const char *bootstrap = s_bootstrap;
    char topic[128], extra[128];
    test_topic_name("fetch-sess", topic, sizeof(topic));
    test_topic_name("fetch-sess-x", extra, sizeof(extra));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, SP), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, extra, SP_EXTRA), 0);
    enum { N1 = 1000, N2 = 500, N3 = 500, N = N1 + N2 + N3 };
    produce_spread(bootstrap, topic, 0, N1);

    static flog_t lg;
    seen_t s = {.count = calloc(N, sizeof(int))};
    for (int i = 0; i < SP; i++)
        s.last_off[i] = s.last_id[i] = -1;
    moldau_consumer_t *c = fc_new(bootstrap, &lg, NULL);
    assign_all(c, topic, SP, 0); /* known positions: the first Fetch names all */
    drain(c, &s, N1, 60000);
    ck_assert_int_eq(s.got, N1);
    drain(c, &s, N, 3000); /* idle: incremental Fetches with nothing to say */

    /* the first Fetch is full with all partitions, later ones incremental and small */
    ck_assert_int_ge(lg.n, 5);
    ck_assert_int_eq(lg.v[0].full, 1);
    ck_assert_int_eq(lg.v[0].sent, SP);
    ck_assert_int_eq(lg.v[0].in_session, SP);
    int incr = 0, empty = 0, max_incr_bytes = 0;
    for (int i = 1; i < lg.n; i++) {
        if (lg.v[i].bytes > max_incr_bytes)
            max_incr_bytes = lg.v[i].bytes;
        /* names a few partitions at most, the full one names 200 */
        ck_assert_int_lt(lg.v[i].bytes * 4, lg.v[0].bytes);
        ck_assert_int_eq(lg.v[i].lost, 0);
        ck_assert_msg(!lg.v[i].full, "Fetch %d full without a session error", i);
        ck_assert_int_le(lg.v[i].sent, SP_DATA); /* only the partitions that moved */
        ck_assert_int_eq(lg.v[i].forgotten, 0);
        ck_assert_int_eq(lg.v[i].in_session, SP);
        incr++;
        empty += lg.v[i].sent == 0;
    }
    ck_assert_int_ge(incr, 4);
    ck_assert_int_ge(empty, 2);
    fprintf(stderr, "fetch_kafka: %d Fetches: 1 full of %d partitions (%d bytes), %d "
                    "incremental (%d with no partition, at most %d bytes)\n",
            lg.n, SP, lg.v[0].bytes, incr, empty, max_incr_bytes);

    /* KIP-227 eviction: the session must be older than the broker's 120 s first */
    int64_t born = lg.v[0].at_ms;
    while (moldau__now_ms() < born + 125000)
        drain(c, &s, N, 1000);
    ck_assert_int_eq(s.got, N1);
    produce_spread(bootstrap, topic, N1, N2);
    test_conn_t tc;
    test_conn_open(&tc, bootstrap, "fetch_kafka");
    int before = lg.n, lost_at = -1, raw = 0;
    for (; lost_at < 0 && raw < 40; raw++) {
        raw_full_fetch(&tc, topic, extra);
        drain(c, &s, N, 1000);
        for (int i = before; i < lg.n && lost_at < 0; i++)
            if (lg.v[i].lost)
                lost_at = i;
    }
    test_conn_close(&tc);
    ck_assert_msg(lost_at >= 0, "no FETCH_SESSION_ID_NOT_FOUND after %d new sessions", raw);
    fprintf(stderr, "fetch_kafka: evicted after %d raw sessions\n", raw);
    produce_spread(bootstrap, topic, N1 + N2, N3);
    drain(c, &s, N, 60000);
    ck_assert_int_eq(s.got, N);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(s.count[i], 1);
    /* after the lost session: a full Fetch of every partition */
    ck_assert_int_gt(lg.n, lost_at + 1);
    ck_assert_int_eq(lg.v[lost_at + 1].full, 1);
    ck_assert_int_eq(lg.v[lost_at + 1].sent, SP);
    moldau_consumer_close(c);
    free(s.count);
}
END_TEST

/* ---- read_committed ----------------------------------------------------------------------- */

enum { TP = 3, MAXREC = 256 };

typedef struct expect {
    int part;
    int64_t offset;
    char value[32];
} expect_t;

static int read_expect(const char *path, expect_t *v, int max)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    int n = 0;
    while (n < max && fscanf(f, "%d %lld %31s", &v[n].part, (long long *)&v[n].offset,
                             v[n].value) == 3)
        n++;
    fclose(f);
    return n;
}

/* Polls until every expected record of the kind wanted came (or 60 s), and asserts that
 * exactly those came, in offset order, on each partition. */
static void expect_read(moldau_consumer_t *c, const expect_t *ex, int n, int committed,
                        int only_part)
{
    int want = 0;
    for (int i = 0; i < n; i++)
        want += (only_part < 0 || ex[i].part == only_part) &&
                (!committed || ex[i].value[0] != 'a');
    int next[TP] = {0}, got = 0;
    const moldau_consumer_record_t *recs[100];
    for (int64_t end = moldau__now_ms() + 60000; got < want && moldau__now_ms() < end;) {
        moldau_consumer_error_t e;
        int k = moldau_consumer_poll_batch(c, recs, 100, 100, &e);
        ck_assert_msg(k >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < k; i++) {
            int p = recs[i]->partition;
            while (next[p] < n && (ex[next[p]].part != p ||
                                   (committed && ex[next[p]].value[0] == 'a')))
                next[p]++;
            ck_assert_msg(next[p] < n, "partition %d: an unexpected record at %lld", p,
                          (long long)recs[i]->offset);
            const expect_t *x = &ex[next[p]++];
            ck_assert_int_eq(recs[i]->offset, x->offset);
            ck_assert_uint_eq(recs[i]->value_len, strlen(x->value));
            ck_assert_int_eq(memcmp(recs[i]->value, x->value, recs[i]->value_len), 0);
            got++;
        }
    }
    ck_assert_int_eq(got, want);
}

START_TEST(read_committed_transactions)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], out[256], ready[300], cmd[2048];
    test_topic_name("fetch-txn", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, TP), 0);
    snprintf(out, sizeof(out), "%s/moldau-fetch-txn.%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid());
    snprintf(ready, sizeof(ready), "%s.ready", out);
    unlink(out);
    unlink(ready);
    const char *src = getenv("MOLDAU_SRCDIR");
    snprintf(cmd, sizeof(cmd), "'%s' '%s/tests/interop/txn_produce.py' '%s' '%s' %d '%s'",
             test_python(), src ? src : ".", bootstrap, topic, TP, out);
    FILE *py = popen(cmd, "w");
    ck_assert_ptr_nonnull(py);
    for (int i = 0; i < 1200 && access(ready, F_OK); i++)
        usleep(100000);
    if (access(ready, F_OK)) {
        int st = pclose(py);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
            test_peer_missing(__func__, "confluent-kafka (transactions)");
            return;
        }
        ck_abort_msg("txn_produce.py did not get ready (status %d)", st);
    }
    static expect_t ex[MAXREC];
    int n = read_expect(out, ex, MAXREC);
    int open_at = -1;
    for (int i = 0; i < n; i++)
        if (!strcmp(ex[i].value, "o-0-0"))
            open_at = i;
    ck_assert_int_ge(open_at, 0);

    /* a transaction is open on partition 0: read_committed stops at its first offset */
    moldau_consumer_t *c = fc_new(bootstrap, NULL, "isolation.level", "read_committed", NULL);
    assign_all(c, topic, TP, MOLDAU_OFFSET_BEGINNING);
    expect_read(c, ex, open_at, 1, -1);
    moldau_consumer_error_t e;
    ck_assert_ptr_null(moldau_consumer_poll(c, 2000, &e)); /* "o-0-0", "n-0-5" held back */
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    int64_t pos;
    ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, ex[open_at].offset);
    /* read_uncommitted sees them */
    moldau_consumer_t *u = fc_new(bootstrap, NULL, "isolation.level", "read_uncommitted", NULL);
    assign_all(u, topic, TP, MOLDAU_OFFSET_BEGINNING);
    expect_read(u, ex, n, 0, -1);
    moldau_consumer_close(u);

    /* commit: the rest comes, from the LSO on */
    fputs("commit\n", py);
    fflush(py);
    int st = pclose(py);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "txn_produce.py failed: %d", st);
    int n_all = read_expect(out, ex, MAXREC);
    ck_assert_int_gt(n_all, n);
    static expect_t rest[MAXREC];
    int k = 0;
    for (int i = open_at; i < n_all; i++)
        if (ex[i].part == 0)
            rest[k++] = ex[i];
    expect_read(c, rest, k, 1, 0);
    ck_assert_ptr_null(moldau_consumer_poll(c, 500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    moldau_consumer_close(c);

    /* from the beginning, both ways, over the whole topic */
    c = fc_new(bootstrap, NULL, "isolation.level", "read_committed", NULL);
    assign_all(c, topic, TP, MOLDAU_OFFSET_BEGINNING);
    expect_read(c, ex, n_all, 1, -1);
    ck_assert_ptr_null(moldau_consumer_poll(c, 500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    /* all taken: the position is the end of the log, past the control records at its end
     * (transaction markers, written after the records that followed their commit or not) */
    for (int p = 0; p < TP; p++) {
        int64_t low, high;
        ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, topic, p, &low, &high,
                                                                 10000), MOLDAU_ERR_NONE);
        for (int i = 0; i < 50 && moldau_consumer_position(c, topic, p, &pos) == 0 && pos < high;
             i++)
            ck_assert_ptr_null(moldau_consumer_poll(c, 100, &e));
        ck_assert_int_eq(moldau_consumer_position(c, topic, p, &pos), MOLDAU_ERR_NONE);
        ck_assert_int_eq(pos, high);
    }
    moldau_consumer_close(c);
    u = fc_new(bootstrap, NULL, "isolation.level", "read_uncommitted", NULL);
    assign_all(u, topic, TP, MOLDAU_OFFSET_BEGINNING);
    expect_read(u, ex, n_all, 0, -1);
    moldau_consumer_close(u);
    unlink(out);
    unlink(ready);
}
END_TEST

Suite *moldau_test_fetch_kafka_suite(void)
{
    Suite *s = suite_create("fetch_kafka");
    TCase *tc = tcase_create("txn");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, read_committed_transactions);
    suite_add_tcase(s, tc);
    tc = tcase_create("session");
    tcase_set_timeout(tc, 400);
    tcase_add_unchecked_fixture(tc, session_broker_start, session_broker_stop);
    tcase_add_test(tc, session_incremental_then_evicted);
    suite_add_tcase(s, tc);
    return s;
}
