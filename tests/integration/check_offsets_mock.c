/* Offsets under faults, on librdkafka's mock cluster (manual assignment with a group.id, the
 * "simple" commits of generation -1). NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
 * COORDINATOR_NOT_AVAILABLE and REQUEST_TIMED_OUT answered to OffsetFetch (the STORED start,
 * committed()) and to OffsetCommit (synchronous, asynchronous and automatic commits), and the
 * coordinator moved between brokers: every call succeeds within its time, the commits land
 * (read back), and a second consumer resuming from them starts right after the last committed
 * record, repeating and losing nothing. UNSTABLE_OFFSET_COMMIT (a pending transactional
 * commit, hard to hold open on Kafka) is waited out by committed() and the STORED start, and
 * reported when it outlasts committed()'s timeout. The mock's limits: TEST-PEERS.md. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "moldau/protocol/core.h"
#include "check_producer.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)
#define PARTS 3
#define PER_PART 40

enum {
    E_REQUEST_TIMED_OUT = 7,
    E_COORDINATOR_LOAD_IN_PROGRESS = 14,
    E_COORDINATOR_NOT_AVAILABLE = 15,
    E_NOT_COORDINATOR = 16,
    E_UNSTABLE_OFFSET_COMMIT = 88,
};

static const int faults[] = {E_NOT_COORDINATOR, E_COORDINATOR_LOAD_IN_PROGRESS,
                             E_COORDINATOR_NOT_AVAILABLE, E_REQUEST_TIMED_OUT};
#define N_FAULTS ((int)(sizeof(faults) / sizeof(faults[0])))

typedef struct commits {
    int calls;
    moldau_err_t err;
} commits_t;

static void on_commit(moldau_consumer_t *c, moldau_err_t err, const moldau_partition_list_t *l,
                      void *opaque)
{
    (void)c;
    (void)l;
    commits_t *s = opaque;
    s->calls++;
    s->err = err;
}

/* The next `count` requests of `api` (the whole cluster's) are answered with `err`. */
static void push(test_mock_t *m, int api, int count, int err)
{
    char cmd[256];
    int len = snprintf(cmd, sizeof(cmd), "push errors %d %d", api, count);
    for (int i = 0; i < count; i++)
        len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " %d", err);
    MOCK(m, "%s", cmd);
}

/* The same for broker `id` only (answered at once): its stack can be counted. */
static void push_broker(test_mock_t *m, int id, int api, int count, int err)
{
    char cmd[512];
    int len = snprintf(cmd, sizeof(cmd), "push broker-errors %d %d %d", id, api, count);
    for (int i = 0; i < count; i++)
        len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " %d 0", err);
    MOCK(m, "%s", cmd);
}

/* PER_PART records in each partition; value "<partition>:<offset>". */
static void produce(const char *bootstrap, const char *topic)
{
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int part = 0; part < PARTS; part++)
        for (int i = 0; i < PER_PART; i++) {
            char v[32];
            moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
            r.topic = topic;
            r.partition = part;
            r.value = v;
            r.value_len = (size_t)snprintf(v, sizeof(v), "%d:%d", part, i);
            ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
        }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

/* Polls until `want` more records came: each the next of its partition (next[p], which
 * advances), its value matching its place. */
static void read_more(moldau_consumer_t *c, int64_t *next, int want)
{
    const moldau_consumer_record_t *recs[16];
    int got = 0;
    for (int tries = 0; got < want && tries < 600; tries++) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, want - got < 16 ? want - got : 16, 100, &e);
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < n; i++) {
            const moldau_consumer_record_t *r = recs[i];
            char want_v[32];
            int len = snprintf(want_v, sizeof(want_v), "%d:%lld", (int)r->partition,
                               (long long)r->offset);
            ck_assert_msg(r->offset == next[r->partition], "partition %d: offset %lld, expected "
                          "%lld", (int)r->partition, (long long)r->offset,
                          (long long)next[r->partition]);
            ck_assert_uint_eq(r->value_len, (size_t)len);
            ck_assert_int_eq(memcmp(r->value, want_v, (size_t)len), 0);
            next[r->partition]++;
        }
        got += n;
    }
    ck_assert_msg(got == want, "%d of %d records came; next offsets %lld %lld %lld", got, want,
                  (long long)next[0], (long long)next[1], (long long)next[2]);
}

/* The committed offsets are want[] (0: none may have been, as a commit of the positions
 * leaves out a partition nothing was read from yet). */
static void assert_committed(moldau_consumer_t *c, const char *topic, const int64_t *want)
{
    int64_t got[PARTS];
    test_consumer_committed(c, topic, PARTS, got, 30000);
    for (int p = 0; p < PARTS; p++)
        ck_assert_msg(got[p] == want[p] || (!want[p] && got[p] == MOLDAU_OFFSET_INVALID),
                      "partition %d: committed %lld, expected %lld", p,
                      (long long)got[p], (long long)want[p]);
}

/* Pauses (1) or resumes (0) partitions 0..PARTS-1: polls then serve callbacks only. */
static void pause_all(moldau_consumer_t *c, const char *topic, int pause)
{
    moldau_partition_list_t *l = moldau_partition_list_new(PARTS);
    for (int p = 0; p < PARTS; p++)
        moldau_partition_list_add(l, topic, p);
    ck_assert_int_eq(pause ? moldau_consumer_pause(c, l) : moldau_consumer_resume(c, l),
                     MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

/* Polls (the partitions paused, so no record comes) until the callback's calls-th call. */
static void wait_callback(moldau_consumer_t *c, const char *topic, commits_t *s, int calls)
{
    pause_all(c, topic, 1);
    for (int tries = 0; s->calls < calls && tries < 300; tries++) {
        moldau_consumer_error_t e;
        ck_assert_ptr_null(moldau_consumer_poll(c, 100, &e));
    }
    ck_assert_int_eq(s->calls, calls);
    pause_all(c, topic, 0);
}

static moldau_consumer_t *consumer(test_mock_t *m, const char *group, commits_t *seen,
                                   const char *auto_commit)
{
    /* defaults otherwise: with three brokers' partitions this also checks that no broker's
     * Fetches take all the prefetch room from the others (they once did) */
    const char *kv[] = {"group.id", group, "enable.auto.commit", auto_commit,
                        "auto.commit.interval.ms", "200", "auto.offset.reset", "earliest",
                        "max.poll.records", "16", NULL};
    return test_consumer_newv(m->bootstrap, kv, seen ? on_commit : NULL, seen);
}

/* The topic "<what>-<fault>" (PARTS partitions, filled, partition p led by broker p + 1) and
 * its group "g-<topic>", whose coordinator is broker `coordinator`. */
static void setup(test_mock_t *m, const char *what, int fault, int coordinator, char *topic,
                  char *group)
{
    snprintf(topic, 64, "%s-%d", what, fault);
    snprintf(group, 64, "g-%s", topic);
    MOCK(m, "topic create %s %d 1", topic, PARTS);
    MOCK(m, "coordinator set group %s %d", group, coordinator);
    for (int p = 0; p < PARTS; p++)
        MOCK(m, "partition leader %s %d %d", topic, p, p + 1);
    produce(m->bootstrap, topic);
}

/* One fault for every offsets call of a consumer's life, then a second consumer resumes. */
START_TEST(faults_every_call)
{
    int fault = faults[_i];
    TEST_NEED_MOCK(m, 3);
    char topic[64], group[64];
    setup(m, "ofs", fault, 2, topic, group);
    commits_t seen = {0};
    moldau_consumer_t *c = consumer(m, group, &seen, "false");
    int64_t next[PARTS] = {0};

    /* the STORED start: nothing committed yet, so earliest after the faults */
    push(m, MOLDAU_API_OFFSET_FETCH, 3, fault);
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_STORED);
    read_more(c, next, 20);

    push(m, MOLDAU_API_OFFSET_COMMIT, 3, fault);
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR_NONE);
    push(m, MOLDAU_API_OFFSET_FETCH, 3, fault);
    assert_committed(c, topic, next);

    read_more(c, next, 20);
    push(m, MOLDAU_API_OFFSET_COMMIT, 2, fault);
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 1), MOLDAU_ERR_NONE);
    wait_callback(c, topic, &seen, 1);
    ck_assert_msg(seen.err == MOLDAU_ERR_NONE, "async commit: %s", moldau_err_name(seen.err));
    assert_committed(c, topic, next);
    read_more(c, next, 5);
    moldau_consumer_close(c); /* not committed: the last 5 are read again below */

    /* the second consumer starts right after the commits (the STORED start, faults first) */
    moldau_consumer_t *c2 = consumer(m, group, NULL, "false");
    int64_t resume[PARTS];
    test_consumer_committed(c2, topic, PARTS, resume, 30000);
    int64_t total = 0;
    for (int p = 0; p < PARTS; p++) {
        if (resume[p] == MOLDAU_OFFSET_INVALID) /* nothing read there before the commit */
            resume[p] = 0;
        ck_assert_int_le(resume[p], next[p]);
        total += resume[p];
    }
    ck_assert_int_eq(total, 40);
    push(m, MOLDAU_API_OFFSET_FETCH, 3, fault);
    test_consumer_assign(c2, topic, PARTS, MOLDAU_OFFSET_STORED);
    read_more(c2, resume, (int)(PARTS * PER_PART - total));
    for (int p = 0; p < PARTS; p++)
        ck_assert_int_eq(resume[p], PER_PART);
    moldau_consumer_close(c2);
    test_mock_stop(m);
}
END_TEST

/* Automatic commits whose first attempts fail: a later one lands what was handed out. */
START_TEST(auto_commit_after_faults)
{
    int fault = faults[_i];
    TEST_NEED_MOCK(m, 3);
    char topic[64], group[64];
    setup(m, "ofs-auto", fault, 3, topic, group);
    commits_t seen = {0};
    moldau_consumer_t *c = consumer(m, group, &seen, "true");
    int64_t next[PARTS] = {0};
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_BEGINNING);
    push(m, MOLDAU_API_OFFSET_COMMIT, 4, fault);
    read_more(c, next, 30);
    /* polling serves the automatic commits; committed() eventually shows the positions */
    int64_t got[PARTS];
    int same = 0;
    pause_all(c, topic, 1);
    for (int tries = 0; !same && tries < 100; tries++) {
        moldau_consumer_error_t e;
        ck_assert_ptr_null(moldau_consumer_poll(c, 100, &e));
        test_consumer_committed(c, topic, PARTS, got, 30000);
        same = 1;
        for (int p = 0; p < PARTS; p++)
            same &= got[p] == next[p];
    }
    ck_assert_msg(same, "committed %lld %lld %lld, positions %lld %lld %lld", (long long)got[0],
                  (long long)got[1], (long long)got[2], (long long)next[0], (long long)next[1],
                  (long long)next[2]);
    ck_assert_int_ge(seen.calls, 1);
    moldau_consumer_close(c);
    test_mock_stop(m);
}
END_TEST

/* The coordinator moves between commits: the old one answers NOT_COORDINATOR, the consumer
 * finds the new one; the commits made through both are read back by a second consumer. */
START_TEST(coordinator_moves)
{
    TEST_NEED_MOCK(m, 3);
    const char *topic = "ofs-move", *group = "g-ofs-move";
    MOCK(m, "topic create %s %d 1", topic, PARTS);
    MOCK(m, "coordinator set group %s 1", group);
    produce(m->bootstrap, topic);
    commits_t seen = {0};
    moldau_consumer_t *c = consumer(m, group, &seen, "false");
    int64_t next[PARTS] = {0};
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_STORED);
    for (int round = 0; round < 6; round++) {
        MOCK(m, "coordinator set group %s %d", group, 1 + round % 3);
        read_more(c, next, 10);
        if (round % 2) {
            ck_assert_int_eq(moldau_consumer_commit(c, NULL, 1), MOLDAU_ERR_NONE);
            wait_callback(c, topic, &seen, round / 2 + 1);
            ck_assert_msg(seen.err == MOLDAU_ERR_NONE, "%s", moldau_err_name(seen.err));
        } else {
            ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR_NONE);
        }
        MOCK(m, "coordinator set group %s %d", group, 1 + (round + 1) % 3);
        assert_committed(c, topic, next);
    }
    moldau_consumer_close(c);
    MOCK(m, "coordinator set group %s 2", group);
    moldau_consumer_t *c2 = consumer(m, group, NULL, "false");
    test_consumer_assign(c2, topic, PARTS, MOLDAU_OFFSET_STORED);
    read_more(c2, next, PARTS * PER_PART - 60);
    for (int p = 0; p < PARTS; p++)
        ck_assert_int_eq(next[p], PER_PART);
    moldau_consumer_close(c2);
    test_mock_stop(m);
}
END_TEST

/* UNSTABLE_OFFSET_COMMIT: committed() and the STORED start ask again until it clears; when it
 * outlasts committed()'s timeout, that call says so. */
START_TEST(unstable_offset_commit)
{
    TEST_NEED_MOCK(m, 1);
    const char *topic = "ofs-unstable", *group = "g-ofs-unstable";
    MOCK(m, "topic create %s %d 1", topic, PARTS);
    produce(m->bootstrap, topic);
    moldau_consumer_t *c = consumer(m, group, NULL, "false");
    moldau_partition_list_t *l = moldau_partition_list_new(PARTS);
    for (int p = 0; p < PARTS; p++)
        moldau_partition_list_add(l, topic, p)->offset = 5 + p;
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);

    int64_t want[PARTS] = {5, 6, 7};
    push_broker(m, 1, MOLDAU_API_OFFSET_FETCH, 4, E_UNSTABLE_OFFSET_COMMIT);
    assert_committed(c, topic, want);
    MOCK(m, "errors count 1 %d", MOLDAU_API_OFFSET_FETCH);
    ck_assert_str_eq(m->answer, "0"); /* all four were answered, and asked again */
    /* (broker 1's own error stack: once it exists the mock ignores cluster-wide pushes for
     * that API there, so every push below is to broker 1) */

    /* the STORED start waits the pending commit out, then starts at the committed offsets */
    push_broker(m, 1, MOLDAU_API_OFFSET_FETCH, 4, E_UNSTABLE_OFFSET_COMMIT);
    int64_t next[PARTS] = {5, 6, 7};
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_STORED);
    read_more(c, next, PARTS * PER_PART - 18);
    MOCK(m, "errors count 1 %d", MOLDAU_API_OFFSET_FETCH);
    ck_assert_str_eq(m->answer, "0");

    /* more unstable answers than committed()'s time holds: reported, not hidden */
    push_broker(m, 1, MOLDAU_API_OFFSET_FETCH, 25, E_UNSTABLE_OFFSET_COMMIT);
    l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0);
    moldau_err_t err = moldau_consumer_committed(c, l, 1500);
    ck_assert_msg(err == MOLDAU_ERR_UNSTABLE_OFFSET_COMMIT || err == MOLDAU_ERR__TIMED_OUT, "%s",
                  moldau_err_name(err));
    moldau_partition_list_destroy(l);

    moldau_consumer_close(c);
    test_mock_stop(m);
}
END_TEST

Suite *moldau_test_offsets_mock_suite(void)
{
    Suite *s = suite_create("offsets_mock");
    TCase *tc[4] = {tcase_create("faults"), tcase_create("auto"), tcase_create("move"),
                    tcase_create("unstable")};
    tcase_add_loop_test(tc[0], faults_every_call, 0, N_FAULTS);
    tcase_add_loop_test(tc[1], auto_commit_after_faults, 0, N_FAULTS);
    tcase_add_test(tc[2], coordinator_moves);
    tcase_add_test(tc[3], unstable_offset_commit);
    for (int i = 0; i < 4; i++) {
        tcase_set_timeout(tc[i], 180);
        suite_add_tcase(s, tc[i]);
    }
    return s;
}
