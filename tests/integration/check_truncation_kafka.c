/* A truncated log after an unclean leader election, on a real 3-node Kafka (KIP-320): never
 * skipped or repeated silently.
 *
 * The suite starts its own cluster (tests/support/kafka.sh start --brokers 3). Three topics of
 * one partition on replicas A=1 (leader), B=2, min.insync.replicas=1 and
 * unclean.leader.election.enable=true (tests/support/truncation_peer.py, confluent-kafka).
 * N=10 records acks=all; B stops; M=5 more acks=1 (on A only); the consumers read to N+M; A
 * stops, B starts (the controller quorum is lost for those few seconds, then B and C hold it)
 * and the controller elects B uncleanly: its log ends at N. K=3 new records go to B, at
 * offsets N..N+K-1 where the consumers had read other records.
 *  - a consumer kept alive through the election sees the new leader epoch in metadata and
 *    validates its position with OffsetForLeaderEpoch (its VALIDATE debug line proves the
 *    path): auto.offset.reset=none gives MOLDAU_ERR__LOG_TRUNCATION naming the partition and
 *    the position, and no record after; auto.offset.reset=earliest resets to N and reads the
 *    K new records from there.
 *  - a consumer started after the election from the group's committed offset N+M (committed
 *    with the leader epoch of its record) never saw the old leader: the Fetch's diverging
 *    epoch (Fetch v12+) reports the truncation, with no validation request sent.
 * About 60 s. Without java, Kafka's jars or the venv it skips loudly (fails under CI=true). */
#include <check.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/consumer.h"

#define N 10
#define M 5
#define K 3

static test_k3_t k3;
static char k3_peer[1024];
static char k3_python[1024];

static void k3_start(void)
{
    const char *src = getenv("MOLDAU_SRCDIR");
    const char *home = getenv("HOME");
    snprintf(k3_peer, sizeof(k3_peer), "%s/tests/support/truncation_peer.py", src ? src : ".");
    snprintf(k3_python, sizeof(k3_python), "%s/.cache/moldau/venv/bin/python",
             home ? home : "/root");
    test_k3_start(&k3, "truncation_kafka");
}

static void k3_stop(void) { test_k3_stop(&k3); }

static int sh(const char *fmt, const char *a, const char *b)
{
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), fmt, a, b);
    int rc = system(cmd);
    if (rc)
        fprintf(stderr, "truncation_kafka: failed (%d): %s\n", rc, cmd);
    return rc;
}

/* truncation_peer.py BOOTSTRAP args... */
static int peer(const char *args)
{
    char line[4096];
    snprintf(line, sizeof(line), "'%s' '%s' '%s' %s", k3_python, k3_peer, k3.bootstrap, args);
    return sh("%s >> '%s/peer.log' 2>&1", line, k3.dir);
}

static int node(const char *what)
{
    char line[4096];
    snprintf(line, sizeof(line), "bash '%s' %s --dir '%s'", k3.script, what, k3.dir);
    return sh("%s >> '%s/peer.log' 2>&1", line, k3.dir);
}

/* ---- consumers ------------------------------------------------------------------------------ */

static atomic_int validate_lines; /* "validating position" debug lines of every consumer */

static void log_cb(moldau_client_t *cl, int level, const char *facility, const char *message,
                   void *opaque)
{
    (void)cl, (void)opaque;
    if (getenv("MOLDAU_TRUNC_VERBOSE")) /* the consumers' debug lines, for a post-mortem */
        fprintf(stderr, "%d %s %s\n", level, facility, message);
    if (!strcmp(facility, "VALIDATE") && strstr(message, "validating position"))
        atomic_fetch_add(&validate_lines, 1);
}

static moldau_consumer_t *consumer(const char *reset, const char *group)
{
    char errstr[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", k3.bootstrap, errstr,
                                     sizeof(errstr)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_conf_set(conf, "auto.offset.reset", reset, errstr, sizeof(errstr)),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_conf_set(conf, "debug", "consumer", errstr, sizeof(errstr)),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_conf_set(conf, "retry.backoff.ms", "200", errstr, sizeof(errstr)),
                     MOLDAU_ERR_NONE);
    if (group) {
        ck_assert_int_eq(moldau_conf_set(conf, "group.id", group, errstr, sizeof(errstr)),
                         MOLDAU_ERR_NONE);
        ck_assert_int_eq(moldau_conf_set(conf, "enable.auto.commit", "false", errstr,
                                         sizeof(errstr)), MOLDAU_ERR_NONE);
    }
    moldau_conf_set_log_cb(conf, log_cb);
    moldau_consumer_t *c = moldau_consumer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    ck_assert_msg(c, "consumer: %s", errstr);
    return c;
}

static void assign(moldau_consumer_t *c, const char *topic, int64_t offset)
{
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0)->offset = offset;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

/* What one consumer was handed, in order. */
typedef struct seen {
    int64_t offset[64];
    char value[64][16];
    int n;
    moldau_consumer_error_t err; /* the first error event (err 0: none) */
    char err_topic[64];
} seen_t;

/* Polls until `until` records in all were seen or an error event came, within 90 s. */
static void read_until(moldau_consumer_t *c, seen_t *s, int until)
{
    time_t end = time(NULL) + 90;
    while (s->n < until && !s->err.err && time(NULL) < end) {
        moldau_consumer_error_t e;
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 200, &e);
        moldau_client_poll(moldau_consumer_client(c), 0); /* log lines: the log callback */
        if (!r && e.err) {
            s->err = e;
            snprintf(s->err_topic, sizeof(s->err_topic), "%s", e.topic ? e.topic : "");
        } else if (r && s->n < 64) {
            s->offset[s->n] = r->offset;
            snprintf(s->value[s->n], sizeof(s->value[0]), "%.*s", (int)r->value_len,
                     (const char *)r->value);
            s->n++;
        }
    }
}

static void expect_old_log(const seen_t *s)
{
    ck_assert_int_eq(s->n, N + M);
    for (int i = 0; i < N + M; i++) {
        char want[16];
        snprintf(want, sizeof(want), i < N ? "a-%d" : "b-%d", i < N ? i : i - N);
        ck_assert_int_eq(s->offset[i], i);
        ck_assert_str_eq(s->value[i], want);
    }
}

START_TEST(truncation_after_unclean_election)
{
    if (!k3.up) {
        test_peer_missing(__func__, "a 3-node Kafka (tests/support/kafka.sh start --brokers 3)");
        return;
    }
    if (access(k3_python, X_OK)) {
        test_peer_missing(__func__, "the venv's python with confluent-kafka");
        return;
    }
    char t_none[64], t_early[64], t_fetch[64], group[64], args[256];
    snprintf(t_none, sizeof(t_none), "trunc-none-%d", (int)getpid());
    snprintf(t_early, sizeof(t_early), "trunc-earliest-%d", (int)getpid());
    snprintf(t_fetch, sizeof(t_fetch), "trunc-fetch-%d", (int)getpid());
    snprintf(group, sizeof(group), "trunc-group-%d", (int)getpid());
    const char *topics[] = {t_none, t_early, t_fetch};
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof(args), "create %s 1,2", topics[i]);
        ck_assert_int_eq(peer(args), 0);
        snprintf(args, sizeof(args), "produce %s %d all a", topics[i], N);
        ck_assert_int_eq(peer(args), 0);
    }
    moldau_consumer_t *c_none = consumer("none", NULL), *c_early = consumer("earliest", NULL);
    moldau_consumer_t *c_commit = consumer("none", group);
    assign(c_none, t_none, MOLDAU_OFFSET_BEGINNING);
    assign(c_early, t_early, MOLDAU_OFFSET_BEGINNING);
    assign(c_commit, t_fetch, MOLDAU_OFFSET_BEGINNING);
    seen_t s_none = {0}, s_early = {0}, s_commit = {0};
    /* the group's first commit while all three nodes run (__consumer_offsets has RF 3) */
    read_until(c_commit, &s_commit, N);
    ck_assert_int_eq(moldau_consumer_commit(c_commit, NULL, 0), MOLDAU_ERR_NONE);

    ck_assert_int_eq(node("broker-stop 2"), 0);
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof(args), "produce %s %d 1 b", topics[i], M);
        ck_assert_int_eq(peer(args), 0);
    }
    read_until(c_none, &s_none, N + M);
    read_until(c_early, &s_early, N + M);
    read_until(c_commit, &s_commit, N + M);
    expect_old_log(&s_none);
    expect_old_log(&s_early);
    expect_old_log(&s_commit);
    ck_assert_int_eq(s_none.err.err, 0);
    /* N+M committed with the leader epoch of its record; that consumer goes */
    ck_assert_int_eq(moldau_consumer_commit(c_commit, NULL, 0), MOLDAU_ERR_NONE);
    moldau_consumer_close(c_commit);

    ck_assert_int_eq(node("broker-stop 1"), 0);
    ck_assert_int_eq(node("broker-start 2"), 0);
    snprintf(args, sizeof(args), "elect %s", t_none); /* the controller may have done it */
    ck_assert_int_eq(peer(args), 0);
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof(args), "produce %s %d 1 c", topics[i], K);
        ck_assert_int_eq(peer(args), 0);
    }

    /* OffsetForLeaderEpoch, auto.offset.reset=none: the truncation is an error event */
    read_until(c_none, &s_none, N + M + 1);
    ck_assert_int_eq(s_none.n, N + M); /* nothing handed out after the old log */
    ck_assert_int_eq(s_none.err.err, MOLDAU_ERR__LOG_TRUNCATION);
    ck_assert_str_eq(s_none.err_topic, t_none);
    ck_assert_int_eq(s_none.err.partition, 0);
    ck_assert_int_eq(s_none.err.offset, N + M);
    int validated = atomic_load(&validate_lines);
    ck_assert_int_ge(validated, 1);
    /* and it stays stopped: no record of the new leader's at offsets it had read */
    for (int i = 0; i < 10; i++) {
        moldau_consumer_error_t e;
        ck_assert_ptr_null(moldau_consumer_poll(c_none, 100, &e));
        moldau_client_poll(moldau_consumer_client(c_none), 0);
    }

    /* OffsetForLeaderEpoch, auto.offset.reset=earliest: reset to the divergence point N */
    read_until(c_early, &s_early, N + M + K);
    ck_assert_int_eq(s_early.err.err, 0);
    ck_assert_int_eq(s_early.n, N + M + K);
    for (int i = 0; i < K; i++) {
        char want[16];
        snprintf(want, sizeof(want), "c-%d", i);
        ck_assert_int_eq(s_early.offset[N + M + i], N + i);
        ck_assert_str_eq(s_early.value[N + M + i], want);
    }
    int64_t pos = -1;
    ck_assert_int_eq(moldau_consumer_position(c_early, t_early, 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, N + K);
    ck_assert_int_ge(atomic_load(&validate_lines), validated + 1);

    /* the Fetch's diverging epoch: a consumer from the committed offset N+M (epoch of A's
     * leadership), which never knew the old leader: no validation request */
    validated = atomic_load(&validate_lines);
    c_commit = consumer("none", group);
    assign(c_commit, t_fetch, MOLDAU_OFFSET_STORED);
    seen_t s_new = {0};
    read_until(c_commit, &s_new, 1);
    ck_assert_int_eq(s_new.n, 0);
    ck_assert_int_eq(s_new.err.err, MOLDAU_ERR__LOG_TRUNCATION);
    ck_assert_str_eq(s_new.err_topic, t_fetch);
    ck_assert_int_eq(s_new.err.offset, N + M);
    ck_assert_int_eq(atomic_load(&validate_lines), validated);
    moldau_consumer_close(c_commit);
    moldau_consumer_close(c_none);
    moldau_consumer_close(c_early);
}
END_TEST

Suite *moldau_test_truncation_kafka_suite(void)
{
    Suite *s = suite_create("truncation_kafka");
    TCase *tc = tcase_create("kafka3");
    tcase_set_timeout(tc, 400);
    tcase_add_unchecked_fixture(tc, k3_start, k3_stop);
    tcase_add_test(tc, truncation_after_unclean_election);
    suite_add_tcase(s, tc);
    return s;
}
