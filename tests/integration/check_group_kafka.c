/* Consumer groups (classic protocol) on the real broker: one member gets every partition; two
 * members (each polled from its own thread) split a 6-partition topic with range and with
 * roundrobin, each partition one owner, every record consumed; a member leaving gives the
 * other everything; cooperative-sticky never revokes a partition that stays; a static member
 * restarted keeps its assignment without a rebalance of the other; max.poll.interval.ms
 * exceeded gives an error event and a rejoin; a regex subscription picks up a topic created
 * later; a SyncGroup assignment that does not parse gives an error event; partitions added
 * to the topic are rebalanced and consumed. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"

#define PARTS 6
#define MAX_IDS 4096
#define MAX_LOG 256

typedef struct cb_entry {
    moldau_rebalance_event_t ev;
    char topic[128];
    int32_t partition;
} cb_entry_t;

/* A member: its consumer, the thread polling it, what its callback was told, what it got. */
typedef struct member {
    moldau_consumer_t *c;
    pthread_t thread;
    pthread_mutex_t lock;
    int stop;
    int running;
    cb_entry_t log[MAX_LOG];
    int n_log;
    int owned[PARTS];   /* by the callback's account */
    int seen[MAX_IDS];  /* record ids consumed */
    int foreign;        /* records of a partition the member did not own at the time */
    int errors;         /* error events */
    moldau_err_t last_err;
    char topic[128];
    int sync_in_cb;     /* the REVOKED callback makes a synchronous request */
    int sync_calls, sync_ok;
    int conn_timeouts;  /* see on_log */
} member_t;

/* Counts the connections closed under a request that outlived its timeout. */
static void on_log(moldau_client_t *cl, int level, const char *fac, const char *msg, void *op)
{
    (void)cl;
    member_t *m = op;
    if (strstr(msg, "timed out after it was sent")) {
        pthread_mutex_lock(&m->lock);
        m->conn_timeouts++;
        pthread_mutex_unlock(&m->lock);
    }
    if (level <= 3 || getenv("MOLDAU_TEST_DEBUG"))
        fprintf(stderr, "%lld %p %s: %s\n", (long long)time(NULL), (void *)m, fac, msg);
}

static void on_rebalance(moldau_consumer_t *c, moldau_rebalance_event_t ev,
                         const moldau_partition_list_t *l, void *opaque)
{
    member_t *m = opaque;
    if (ev == MOLDAU_REBALANCE_REVOKED && m->sync_in_cb) {
        /* a request the callback waits for, as a commit would be */
        moldau_metadata_t *md = NULL;
        const char *t[] = {m->topic};
        moldau_err_t err = moldau_client_metadata(moldau_consumer_client(c), t, 1, 10000, &md);
        moldau_metadata_destroy(md);
        pthread_mutex_lock(&m->lock);
        m->sync_calls++;
        m->sync_ok += err == MOLDAU_ERR_NONE;
        pthread_mutex_unlock(&m->lock);
    }
    pthread_mutex_lock(&m->lock);
    for (size_t i = 0; i < l->n; i++) {
        if (m->n_log < MAX_LOG) {
            cb_entry_t *e = &m->log[m->n_log++];
            e->ev = ev;
            snprintf(e->topic, sizeof(e->topic), "%s", l->elems[i].topic);
            e->partition = l->elems[i].partition;
        }
        if (l->elems[i].partition < PARTS && !strcmp(l->elems[i].topic, m->topic))
            m->owned[l->elems[i].partition] = ev == MOLDAU_REBALANCE_ASSIGNED;
    }
    pthread_mutex_unlock(&m->lock);
}

static const char *io_thread = "true"; /* the next member_start's io.thread */
static const char *session_timeout = "10000"; /* and its session.timeout.ms */
static const char *request_timeout = "30000"; /* request.timeout.ms */

static void member_start(member_t *m, const char *bootstrap, const char *group,
                         const char *topic, const char *assignor, const char *instance,
                         const char *max_poll)
{
    char err[512];
    memset(m, 0, sizeof(*m));
    pthread_mutex_init(&m->lock, NULL);
    snprintf(m->topic, sizeof(m->topic), "%s", topic);
    moldau_conf_t *conf = moldau_conf_new();
    const char *kv[] = {"bootstrap.servers", bootstrap, "log.level", "4", "group.id", group,
                        "partition.assignment.strategy", assignor, "auto.offset.reset",
                        "earliest", "session.timeout.ms", session_timeout, "heartbeat.interval.ms",
                        "500", "metadata.max.age.ms", "1000",
                        "max.poll.interval.ms", max_poll ? max_poll : "300000",
                        "group.instance.id", instance ? instance : "", "io.thread", io_thread,
                        "request.timeout.ms", request_timeout, NULL};
    for (int i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    if (getenv("MOLDAU_TEST_DEBUG"))
        ck_assert_int_eq(moldau_conf_set(conf, "debug", getenv("MOLDAU_TEST_DEBUG"), err,
                                         sizeof(err)), 0);
    moldau_conf_set_rebalance_cb(conf, on_rebalance);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_opaque(conf, m);
    m->c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(m->c != NULL, "%s", err);
}

static void subscribe(member_t *m, const char *topic)
{
    const char *t[] = {topic};
    ck_assert_int_eq(moldau_consumer_subscribe(m->c, t, 1), MOLDAU_ERR_NONE);
}

/* One poll: records counted by id, checked against what the callback said is owned. */
static int poll_once(member_t *m, int timeout_ms)
{
    const moldau_consumer_record_t *recs[100];
    moldau_consumer_error_t e;
    int n = moldau_consumer_poll_batch(m->c, recs, 100, timeout_ms, &e);
    pthread_mutex_lock(&m->lock);
    if (n < 0) {
        m->errors++;
        m->last_err = e.err;
    }
    for (int i = 0; i < n; i++) {
        char num[32];
        size_t len = recs[i]->value_len < sizeof(num) - 1 ? recs[i]->value_len : sizeof(num) - 1;
        memcpy(num, recs[i]->value, len);
        num[len] = 0;
        int id = -1;
        if (sscanf(num, "v%d", &id) == 1 && id >= 0 && id < MAX_IDS)
            m->seen[id]++;
        if (recs[i]->partition >= PARTS || !m->owned[recs[i]->partition])
            m->foreign++;
    }
    pthread_mutex_unlock(&m->lock);
    return n;
}

static void *poll_main(void *arg)
{
    member_t *m = arg;
    for (;;) {
        pthread_mutex_lock(&m->lock);
        int stop = m->stop;
        pthread_mutex_unlock(&m->lock);
        if (stop)
            break;
        poll_once(m, 100);
    }
    return NULL;
}

static void member_run(member_t *m)
{
    m->running = 1;
    ck_assert_int_eq(pthread_create(&m->thread, NULL, poll_main, m), 0);
}

static void member_halt(member_t *m)
{
    if (!m->running)
        return;
    pthread_mutex_lock(&m->lock);
    m->stop = 1;
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    m->running = 0;
    m->stop = 0;
}

static void member_close(member_t *m)
{
    member_halt(m);
    moldau_consumer_close(m->c);
    m->c = NULL;
    pthread_mutex_destroy(&m->lock);
}

/* Starts a member, subscribes it to `topic` and runs its polling thread. */
static void member_join(member_t *m, const char *bootstrap, const char *group,
                        const char *topic, const char *assignor, const char *instance)
{
    member_start(m, bootstrap, group, topic, assignor, instance, NULL);
    subscribe(m, topic);
    member_run(m);
}

/* Two members started, then subscribed, then run (so that they join together). */
static void pair_join(member_t *a, member_t *b, const char *bootstrap, const char *group,
                      const char *topic, const char *assignor, const char *instance_a,
                      const char *instance_b)
{
    member_start(a, bootstrap, group, topic, assignor, instance_a, NULL);
    member_start(b, bootstrap, group, topic, assignor, instance_b, NULL);
    subscribe(a, topic);
    subscribe(b, topic);
    member_run(a);
    member_run(b);
}

static int n_owned(member_t *m)
{
    int n = 0;
    pthread_mutex_lock(&m->lock);
    for (int i = 0; i < PARTS; i++)
        n += m->owned[i];
    pthread_mutex_unlock(&m->lock);
    return n;
}

/* The assignment as the consumer says, as a bit set of partitions of m->topic. */
static int assigned_set(member_t *m)
{
    moldau_partition_list_t *l = NULL;
    ck_assert_int_eq(moldau_consumer_assignment(m->c, &l), MOLDAU_ERR_NONE);
    int set = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->elems[i].topic, m->topic) && l->elems[i].partition < PARTS)
            set |= 1 << l->elems[i].partition;
    moldau_partition_list_destroy(l);
    return set;
}

/* Waits (polling from the members' threads) until the members' assignments split the
 * topic's `parts` partitions between them, each owning `min_each` or more. 60 s at most. */
static void wait_split_of(member_t **ms, int n, int min_each, int parts)
{
    for (int tries = 0; tries < 600; tries++) {
        int all = 0, overlap = 0, ok = 1;
        for (int i = 0; i < n; i++) {
            int s = assigned_set(ms[i]);
            overlap |= all & s;
            all |= s;
            int k = __builtin_popcount((unsigned)s);
            ok &= k >= min_each && k == n_owned(ms[i]);
        }
        if (ok && !overlap && all == (1 << parts) - 1)
            return;
        usleep(100 * 1000);
    }
    ck_abort_msg("the members never split the %d partitions", parts);
}

static void wait_split(member_t **ms, int n, int min_each)
{
    wait_split_of(ms, n, min_each, PARTS);
}

/* Records "v<id>" for ids [from, from+n), id i to partition i % parts. */
static void produce_to(const char *bootstrap, const char *topic, int from, int n, int parts)
{
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int i = from; i < from + n; i++) {
        char val[32];
        int vl = snprintf(val, sizeof(val), "v%d", i);
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = i % parts;
        r.value = val;
        r.value_len = (size_t)vl;
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

static void produce(const char *bootstrap, const char *topic, int from, int n)
{
    produce_to(bootstrap, topic, from, n, PARTS);
}

/* Waits until every id in [from, from+n) was consumed by one of the members. */
static void wait_consumed(member_t **ms, int k, int from, int n)
{
    for (int tries = 0; tries < 600; tries++) {
        int missing = 0;
        for (int id = from; id < from + n; id++) {
            int got = 0;
            for (int i = 0; i < k; i++) {
                pthread_mutex_lock(&ms[i]->lock);
                got += ms[i]->seen[id];
                pthread_mutex_unlock(&ms[i]->lock);
            }
            missing += !got;
        }
        if (!missing)
            return;
        usleep(100 * 1000);
    }
    ck_abort_msg("records were not consumed");
}

static const char *new_topic(const char *bootstrap, const char *prefix, char *buf, size_t size)
{
    const char *topic = test_topic_name(prefix, buf, size);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    return topic;
}

START_TEST(one_member_gets_everything)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-one", tb, sizeof(tb));
    const char *group = test_topic_name("g-one", gb, sizeof(gb));
    produce(bootstrap, topic, 0, 120);
    member_t a;
    member_join(&a, bootstrap, group, topic, "range", NULL);
    member_t *ms[] = {&a};
    wait_split(ms, 1, PARTS);
    wait_consumed(ms, 1, 0, 120);
    ck_assert_int_eq(a.foreign, 0);
    ck_assert_int_eq(a.errors, 0);
    member_close(&a);
}
END_TEST

/* Two members split the topic; every record is consumed, never from a partition its
 * member did not own; then one leaves and the other gets everything: with a session of 120 s,
 * sooner than wait_split's bound (60 s) only because the closing member sent LeaveGroup. */
static void two_members(const char *assignor)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-two", tb, sizeof(tb));
    const char *group = test_topic_name("g-two", gb, sizeof(gb));
    member_t a, b;
    session_timeout = "120000";
    pair_join(&a, &b, bootstrap, group, topic, assignor, NULL, NULL);
    session_timeout = "10000";
    member_t *ms[] = {&a, &b};
    wait_split(ms, 2, PARTS / 2);
    produce(bootstrap, topic, 0, 300);
    wait_consumed(ms, 2, 0, 300);
    ck_assert_int_eq(a.foreign, 0);
    ck_assert_int_eq(b.foreign, 0);
    /* b leaves: a gets everything and reads what comes next */
    member_close(&b);
    member_t *one[] = {&a};
    wait_split(one, 1, PARTS);
    produce(bootstrap, topic, 300, 60);
    wait_consumed(one, 1, 300, 60);
    ck_assert_int_eq(a.foreign, 0);
    ck_assert_int_eq(a.errors, 0);
    member_close(&a);
}

/* The coordinator holds a JoinGroup until every member rejoined: here 8 s, while the first
 * member's application does not poll, against a request.timeout.ms of 3 s for the joining
 * member. Its JoinGroup waits as long as the rebalance timeout allows (as in Java); cut at
 * request.timeout.ms, the connection to a healthy coordinator was closed under it. */
START_TEST(join_waits_past_request_timeout)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-slow", tb, sizeof(tb));
    const char *group = test_topic_name("g-slow", gb, sizeof(gb));
    member_t a, b;
    member_join(&a, bootstrap, group, topic, "range", NULL);
    member_t *one[] = {&a};
    wait_split(one, 1, PARTS);
    member_halt(&a); /* the application stalls: no poll, so no rejoin */
    request_timeout = "3000";
    member_start(&b, bootstrap, group, topic, "range", NULL, NULL);
    request_timeout = "30000";
    subscribe(&b, topic);
    member_run(&b);
    sleep(8);
    member_run(&a);
    member_t *ms[] = {&a, &b};
    wait_split(ms, 2, PARTS / 2);
    pthread_mutex_lock(&b.lock);
    int timeouts = b.conn_timeouts;
    pthread_mutex_unlock(&b.lock);
    ck_assert_msg(timeouts == 0, "%d connection(s) closed under a waiting JoinGroup", timeouts);
    member_close(&b);
    member_close(&a);
}
END_TEST

/* io.thread=false: the member's reactor runs in its polls; its REVOKED callback, served by
 * poll, waits for a request of its own (the reactor is free for it meanwhile). */
START_TEST(application_driven_sync_in_callback)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-drv", tb, sizeof(tb));
    const char *group = test_topic_name("g-drv", gb, sizeof(gb));
    member_t a, b;
    io_thread = "false";
    member_start(&a, bootstrap, group, topic, "range", NULL, NULL);
    io_thread = "true";
    a.sync_in_cb = 1;
    subscribe(&a, topic);
    member_run(&a);
    member_t *one[] = {&a};
    wait_split(one, 1, PARTS);
    member_join(&b, bootstrap, group, topic, "range", NULL);
    member_t *ms[] = {&a, &b};
    wait_split(ms, 2, PARTS / 2);
    produce(bootstrap, topic, 0, 120);
    wait_consumed(ms, 2, 0, 120);
    pthread_mutex_lock(&a.lock);
    ck_assert_int_gt(a.sync_calls, 0);
    ck_assert_int_eq(a.sync_ok, a.sync_calls);
    pthread_mutex_unlock(&a.lock);
    ck_assert_int_eq(a.foreign, 0);
    member_close(&b);
    member_close(&a);
}
END_TEST

START_TEST(two_members_range)
{
    two_members("range");
}
END_TEST

START_TEST(two_members_roundrobin)
{
    two_members("roundrobin");
}
END_TEST

/* cooperative-sticky: when b joins, a revokes only what moves to b. */
START_TEST(cooperative_keeps_what_stays)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-coop", tb, sizeof(tb));
    const char *group = test_topic_name("g-coop", gb, sizeof(gb));
    member_t a, b;
    member_join(&a, bootstrap, group, topic, "cooperative-sticky", NULL);
    member_t *one[] = {&a};
    wait_split(one, 1, PARTS);
    produce(bootstrap, topic, 0, 120);
    wait_consumed(one, 1, 0, 120);
    member_join(&b, bootstrap, group, topic, "cooperative-sticky", NULL);
    member_t *ms[] = {&a, &b};
    wait_split(ms, 2, PARTS / 2);
    produce(bootstrap, topic, 120, 120);
    wait_consumed(ms, 2, 120, 120);
    member_halt(&a);
    member_halt(&b);
    /* every partition a revoked is one b owns now; a was never told to revoke one it kept */
    int b_set = assigned_set(&b);
    int revoked = 0;
    for (int i = 0; i < a.n_log; i++)
        if (a.log[i].ev == MOLDAU_REBALANCE_REVOKED) {
            ck_assert_msg(b_set & (1 << a.log[i].partition),
                          "partition %d revoked from a but not moved to b",
                          (int)a.log[i].partition);
            revoked++;
        }
    ck_assert_int_eq(revoked, __builtin_popcount((unsigned)b_set));
    ck_assert_int_eq(a.foreign, 0);
    ck_assert_int_eq(b.foreign, 0);
    member_close(&b);
    member_close(&a);
}
END_TEST

/* Partitions added to a subscribed topic (3 to 6): the leader sees the count change in its
 * metadata (metadata.max.age.ms 1000) and rebalances, as Java's leader does; the new
 * partitions are split and consumed, each record by the member owning its partition. */
START_TEST(partitions_added_rebalance)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = test_topic_name("grp-grow", tb, sizeof(tb));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS / 2), 0);
    const char *group = test_topic_name("g-grow", gb, sizeof(gb));
    member_t a, b;
    pair_join(&a, &b, bootstrap, group, topic, "range", NULL, NULL);
    member_t *ms[] = {&a, &b};
    wait_split_of(ms, 2, 1, PARTS / 2);
    produce_to(bootstrap, topic, 0, 60, PARTS / 2);
    wait_consumed(ms, 2, 0, 60);
    ck_assert_int_eq(test_create_partitions(bootstrap, topic, PARTS), 0);
    wait_split(ms, 2, PARTS / 2);
    produce(bootstrap, topic, 60, 120);
    wait_consumed(ms, 2, 60, 120);
    member_halt(&a);
    member_halt(&b);
    /* the new partitions reached the members through the callback, nothing foreign read */
    int added = 0;
    for (int m = 0; m < 2; m++)
        for (int i = 0; i < ms[m]->n_log; i++)
            added += ms[m]->log[i].ev == MOLDAU_REBALANCE_ASSIGNED &&
                     ms[m]->log[i].partition >= PARTS / 2;
    ck_assert_int_ge(added, PARTS / 2);
    ck_assert_int_eq(a.foreign, 0);
    ck_assert_int_eq(b.foreign, 0);
    ck_assert_int_eq(a.errors, 0);
    ck_assert_int_eq(b.errors, 0);
    member_close(&b);
    member_close(&a);
}
END_TEST

/* A static member restarted within session.timeout.ms gets its partitions back, and the
 * other member's callback is not called again. */
START_TEST(static_member_restart)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-static", tb, sizeof(tb));
    const char *group = test_topic_name("g-static", gb, sizeof(gb));
    member_t a, b;
    pair_join(&a, &b, bootstrap, group, topic, "range", "static-a", "static-b");
    member_t *ms[] = {&a, &b};
    wait_split(ms, 2, PARTS / 2);
    /* settled: a's log now holds what the last rebalance told it */
    usleep(500 * 1000);
    wait_split(ms, 2, PARTS / 2);
    pthread_mutex_lock(&a.lock);
    int a_log = a.n_log;
    pthread_mutex_unlock(&a.lock);
    int b_before = assigned_set(&b);
    member_close(&b);
    member_join(&b, bootstrap, group, topic, "range", "static-b");
    wait_split(ms, 2, PARTS / 2);
    ck_assert_int_eq(assigned_set(&b), b_before);
    produce(bootstrap, topic, 0, 120);
    wait_consumed(ms, 2, 0, 120);
    pthread_mutex_lock(&a.lock);
    ck_assert_int_eq(a.n_log, a_log);
    pthread_mutex_unlock(&a.lock);
    member_close(&b);
    member_close(&a);
}
END_TEST

/* No poll for longer than max.poll.interval.ms: the next poll gives an error event, then
 * the member rejoins and consumes again. */
START_TEST(max_poll_interval_exceeded)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-maxpoll", tb, sizeof(tb));
    const char *group = test_topic_name("g-maxpoll", gb, sizeof(gb));
    member_t a;
    member_start(&a, bootstrap, group, topic, "range", NULL, "2000");
    subscribe(&a, topic);
    for (int tries = 0; tries < 600 && n_owned(&a) < PARTS; tries++)
        poll_once(&a, 100);
    ck_assert_int_eq(n_owned(&a), PARTS);
    sleep(4); /* the application stalls; the member leaves the group */
    int got_error = 0;
    for (int tries = 0; tries < 50 && !got_error; tries++) {
        poll_once(&a, 100);
        got_error = a.errors > 0;
    }
    ck_assert_msg(got_error, "no error event after max.poll.interval.ms");
    ck_assert_int_eq(a.last_err, MOLDAU_ERR__TIMED_OUT);
    produce(bootstrap, topic, 0, 60);
    member_t *one[] = {&a};
    for (int tries = 0; tries < 600; tries++) {
        poll_once(&a, 100);
        int missing = 0;
        for (int id = 0; id < 60; id++)
            missing += !a.seen[id];
        if (!missing)
            break;
    }
    (void)one;
    for (int id = 0; id < 60; id++)
        ck_assert_int_gt(a.seen[id], 0);
    ck_assert_int_eq(n_owned(&a), PARTS);
    member_close(&a);
}
END_TEST

/* A regex subscription picks up a topic created after it. */
START_TEST(regex_picks_up_new_topic)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[200], gb[128], re[200];
    const char *prefix = test_topic_name("grp-re", gb, sizeof(gb)); /* unique per run */
    char prefix_copy[128];
    snprintf(prefix_copy, sizeof(prefix_copy), "%s", prefix);
    snprintf(re, sizeof(re), "^%s-.*", prefix_copy);
    char group[160];
    snprintf(group, sizeof(group), "g-%s", prefix_copy);
    snprintf(tb, sizeof(tb), "%s-later", prefix_copy);
    member_t a;
    member_start(&a, bootstrap, group, tb, "range", NULL, NULL);
    const char *subs[] = {re};
    ck_assert_int_eq(moldau_consumer_subscribe(a.c, subs, 1), MOLDAU_ERR_NONE);
    member_run(&a);
    usleep(1000 * 1000);
    ck_assert_int_eq(test_create_topic(bootstrap, tb, PARTS), 0);
    member_t *one[] = {&a};
    wait_split(one, 1, PARTS);
    produce(bootstrap, tb, 0, 60);
    wait_consumed(one, 1, 0, 60);
    member_close(&a);
}
END_TEST

/* A raw request/response on fd through the codec: body encoded with enc, the response body
 * decoded with dec into *out (arena a). */
#define RAW_EXCHANGE(fd, api, ver, cid, enc, req, dec, a, out)                                \
    do {                                                                                       \
        moldau_buf_t w_, f_;                                                                   \
        moldau_buf_init(&w_);                                                                  \
        moldau_buf_init(&f_);                                                                  \
        ck_assert_int_eq(enc(&w_, (ver), (req)), MOLDAU_ERR_NONE);                             \
        ck_assert_int_eq(test_send_request((fd), (api), (ver), (cid), w_.data, w_.len), 0);    \
        ck_assert_int_eq(test_recv_frame((fd), &f_), 0);                                       \
        moldau_reader_t r_;                                                                    \
        moldau_reader_init(&r_, f_.data, f_.len);                                              \
        int32_t cid_ = 0;                                                                      \
        ck_assert_int_eq(moldau_response_header_read(&r_, (api), (ver), &cid_), 0);            \
        ck_assert_int_eq(dec(&r_, (ver), (a), (out)), MOLDAU_ERR_NONE);                        \
        /* byte fields are views into the frame: the test reads only ints and strings */       \
        moldau_buf_free(&w_);                                                                  \
        moldau_buf_free(&f_);                                                                  \
    } while (0)

/* A fake leader (raw JoinGroup/SyncGroup through the codec) hands the moldau member an
 * assignment that does not parse: an error event, no crash. */
START_TEST(bad_assignment_is_an_event)
{
    TEST_NEED_KAFKA(bootstrap);
    char tb[128], gb[128];
    const char *topic = new_topic(bootstrap, "grp-bad", tb, sizeof(tb));
    const char *group = test_topic_name("g-bad", gb, sizeof(gb));
    int fd = test_tcp_connect(bootstrap, 60000);
    ck_assert_int_ge(fd, 0);
    moldau_arena_t a;
    moldau_arena_init(&a);
    /* the fake's subscription: the consumer protocol v0 */
    moldau_buf_t sub;
    moldau_buf_init(&sub);
    moldau_consumer_protocol_subscription_t cs = {0};
    const char *topics[] = {topic};
    cs.topics = topics;
    cs.n_topics = 1;
    cs.user_data = MOLDAU_BYTES_NULL;
    ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&sub, 0, &cs), 0);
    moldau_join_group_request_protocol_t proto = {"range", {sub.data, (int32_t)sub.len}};
    moldau_join_group_request_t jq = {0};
    jq.group_id = group;
    jq.session_timeout_ms = 30000;
    jq.rebalance_timeout_ms = 30000;
    jq.member_id = "";
    jq.protocol_type = "consumer";
    jq.protocols = &proto;
    jq.n_protocols = 1;
    moldau_join_group_response_t jr;
    RAW_EXCHANGE(fd, MOLDAU_API_JOIN_GROUP, 3, 1, moldau_join_group_request_encode, &jq,
                 moldau_join_group_response_decode, &a, &jr);
    ck_assert_int_eq(jr.error_code, 0);
    const char *fake = jr.member_id;
    moldau_sync_group_request_assignment_t mine = {fake, {(const uint8_t *)"", 0}};
    moldau_sync_group_request_t sq = {0};
    sq.group_id = group;
    sq.generation_id = jr.generation_id;
    sq.member_id = fake;
    sq.assignments = &mine;
    sq.n_assignments = 1;
    moldau_sync_group_response_t sr;
    RAW_EXCHANGE(fd, MOLDAU_API_SYNC_GROUP, 2, 2, moldau_sync_group_request_encode, &sq,
                 moldau_sync_group_response_decode, &a, &sr);
    ck_assert_int_eq(sr.error_code, 0);
    /* the moldau member joins: a rebalance the fake leads */
    member_t m;
    member_start(&m, bootstrap, group, topic, "range", NULL, NULL);
    subscribe(&m, topic);
    member_run(&m);
    jq.member_id = fake;
    /* rejoin until the moldau member's JoinGroup is there too (each round alone is synced
     * empty, as a leader of one would) */
    for (int round = 0; round < 40; round++) {
        RAW_EXCHANGE(fd, MOLDAU_API_JOIN_GROUP, 3, 3, moldau_join_group_request_encode, &jq,
                     moldau_join_group_response_decode, &a, &jr);
        ck_assert_int_eq(jr.error_code, 0);
        if (jr.n_members == 2)
            break;
        sq.generation_id = jr.generation_id;
        RAW_EXCHANGE(fd, MOLDAU_API_SYNC_GROUP, 2, 2, moldau_sync_group_request_encode, &sq,
                     moldau_sync_group_response_decode, &a, &sr);
        usleep(250 * 1000);
    }
    ck_assert_str_eq(jr.leader, fake);
    ck_assert_int_eq(jr.n_members, 2);
    /* version 0, one topic whose name says 100 bytes and has none */
    static const uint8_t garbage[] = {0, 0, 0, 0, 0, 1, 0, 100, 'x'};
    moldau_sync_group_request_assignment_t as[2];
    for (int i = 0; i < 2; i++) {
        as[i].member_id = jr.members[i].member_id;
        as[i].assignment = strcmp(jr.members[i].member_id, fake)
                               ? (moldau_bytes_t){garbage, (int32_t)sizeof(garbage)}
                               : (moldau_bytes_t){(const uint8_t *)"", 0};
    }
    sq.generation_id = jr.generation_id;
    sq.assignments = as;
    sq.n_assignments = 2;
    RAW_EXCHANGE(fd, MOLDAU_API_SYNC_GROUP, 2, 4, moldau_sync_group_request_encode, &sq,
                 moldau_sync_group_response_decode, &a, &sr);
    ck_assert_int_eq(sr.error_code, 0);
    int got = 0;
    for (int tries = 0; tries < 300 && !got; tries++) {
        pthread_mutex_lock(&m.lock);
        got = m.errors > 0;
        pthread_mutex_unlock(&m.lock);
        if (!got)
            usleep(100 * 1000);
    }
    ck_assert_msg(got, "no error event for an assignment that does not parse");
    ck_assert_int_eq(m.last_err, MOLDAU_ERR__BAD_MSG);
    ck_assert_int_eq(n_owned(&m), 0);
    close(fd);
    member_close(&m);
    moldau_buf_free(&sub);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(subscribe_refused)
{
    TEST_NEED_KAFKA(bootstrap);
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    ck_assert_ptr_nonnull(c);
    const char *t[] = {"x"};
    ck_assert_int_eq(moldau_consumer_subscribe(c, t, 1), MOLDAU_ERR__INVALID_ARG); /* no group */
    moldau_consumer_close(c);
    ck_assert_int_eq(moldau_conf_set(conf, "group.id", "g-refused", err, sizeof(err)), 0);
    c = moldau_consumer_new(conf, err, sizeof(err));
    const char *bad[] = {"^(unclosed"};
    ck_assert_int_eq(moldau_consumer_subscribe(c, bad, 1), MOLDAU_ERR__INVALID_ARG);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, "x", 0);
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_consumer_subscribe(c, t, 1), MOLDAU_ERR__INVALID_ARG); /* manual */
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
    moldau_conf_destroy(conf);
}
END_TEST

Suite *moldau_test_group_kafka_suite(void)
{
    Suite *s = suite_create("group_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    /* MOLDAU_GROUP_TEST=<name>: only that test (when working on one) */
    const char *only = getenv("MOLDAU_GROUP_TEST");
#define ADD(t)                                                                                 \
    if (!only || !strcmp(only, #t))                                                            \
    tcase_add_test(tc, t)
    ADD(subscribe_refused);
    ADD(one_member_gets_everything);
    ADD(two_members_range);
    ADD(two_members_roundrobin);
    ADD(cooperative_keeps_what_stays);
    ADD(application_driven_sync_in_callback);
    ADD(join_waits_past_request_timeout);
    ADD(static_member_restart);
    ADD(max_poll_interval_exceeded);
    ADD(regex_picks_up_new_topic);
    ADD(bad_assignment_is_an_event);
    ADD(partitions_added_rebalance);
#undef ADD
    suite_add_tcase(s, tc);
    return s;
}
