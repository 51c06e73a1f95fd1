/* Group membership on librdkafka's mock cluster: NOT_COORDINATOR and REBALANCE_IN_PROGRESS
 * pushed for Heartbeat, JoinGroup and SyncGroup, and the coordinator moved to another broker:
 * the member recovers, stays without error events, and consumes what is produced after each
 * fault; a storm of such errors (and lost members and generations) in a row is recovered from
 * with every record consumed, none twice unless its commit was refused. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "check_producer.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)
#define TOPIC "grp"
#define PARTS 3
#define MAX_IDS 1024

/* A member of `group` subscribed to TOPIC (range; the mock's session of 6 s), with
 * enable.auto.commit `auto_commit` and a rebalance callback when cb is set. */
static moldau_consumer_t *group_consumer(const char *bootstrap, const char *group,
                                         const char *auto_commit, moldau_rebalance_cb *cb,
                                         void *opaque)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    const char *kv[] = {"bootstrap.servers", bootstrap, "log.level", "3", "group.id", group,
                        "auto.offset.reset", "earliest", "enable.auto.commit", auto_commit,
                        "session.timeout.ms", "6000", "heartbeat.interval.ms", "300",
                        "partition.assignment.strategy", "range", NULL};
    for (int i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    if (getenv("MOLDAU_TEST_DEBUG"))
        ck_assert_int_eq(moldau_conf_set(conf, "debug", getenv("MOLDAU_TEST_DEBUG"), err,
                                         sizeof(err)), 0);
    if (cb) {
        moldau_conf_set_rebalance_cb(conf, cb);
        moldau_conf_set_opaque(conf, opaque);
    }
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    const char *t[] = {TOPIC};
    ck_assert_int_eq(moldau_consumer_subscribe(c, t, 1), MOLDAU_ERR_NONE);
    return c;
}

/* Polls until every id in [from, until) was seen (a rebalance may repeat some), with no
 * error event. excused NULL: nothing committed here; else a synchronous commit after every
 * batch, and the ids of a batch whose commit failed marked in excused (they may come again:
 * the member lost them before their commit, as any client would). */
static void consume_until(moldau_consumer_t *c, int *seen, int *excused, int from, int until)
{
    const moldau_consumer_record_t *recs[100];
    /* a bound on polls, not a timing: the mock waits session.timeout.ms per rebalance; below
     * the case's timeout (at 3000 polls of 100 ms it was above: a stuck partition showed as
     * a timeout, not as this message) */
    for (int tries = 0; tries < 1500; tries++) {
        int missing = 0;
        for (int i = from; i < until; i++)
            missing += !seen[i];
        if (!missing)
            return;
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 100, 100, &e);
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        int ids[100];
        for (int i = 0; i < n; i++) {
            ids[i] = test_record_id(recs[i]);
            ck_assert(ids[i] >= 0 && ids[i] < MAX_IDS);
            seen[ids[i]]++;
        }
        if (excused && n && moldau_consumer_commit(c, NULL, 0) != MOLDAU_ERR_NONE)
            for (int i = 0; i < n; i++)
                excused[ids[i]] = 1;
    }
    ck_abort_msg("records in [%d, %d) were not consumed", from, until);
}

START_TEST(group_errors_and_coordinator_moves)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create " TOPIC " %d 1", PARTS);
    MOCK(mock, "coordinator set group g-mock 1");
    moldau_consumer_t *c = group_consumer(mock->bootstrap, "g-mock", "true", NULL, NULL);
    int *seen = calloc(MAX_IDS, sizeof(*seen));
    int next = 0;
    test_produce_ids(mock->bootstrap, TOPIC, PARTS, next, 30, NULL);
    consume_until(c, seen, NULL, 0, next += 30);
    /* Heartbeat (12), JoinGroup (11), SyncGroup (14): the coordinator "moved", then a
     * rebalance; each time the member must come back and consume on */
    static const int apis[] = {12, 11, 14};
    for (size_t k = 0; k < sizeof(apis) / sizeof(apis[0]); k++) {
        MOCK(mock, "push errors %d 2 NOT_COORDINATOR REBALANCE_IN_PROGRESS", apis[k]);
        if (apis[k] != 12) /* JoinGroup and SyncGroup come with a rebalance: cause one */
            MOCK(mock, "push errors 12 1 REBALANCE_IN_PROGRESS");
        test_produce_ids(mock->bootstrap, TOPIC, PARTS, next, 30, NULL);
        consume_until(c, seen, NULL, next - 0, next + 30);
        next += 30;
    }
    /* the coordinator moves to broker 2: NOT_COORDINATOR from the old one, a new lookup */
    MOCK(mock, "coordinator set group g-mock 2");
    MOCK(mock, "push errors 12 1 NOT_COORDINATOR");
    test_produce_ids(mock->bootstrap, TOPIC, PARTS, next, 30, NULL);
    consume_until(c, seen, NULL, next, next + 30);
    next += 30;
    moldau_partition_list_t *l = NULL;
    ck_assert_int_eq(moldau_consumer_assignment(c, &l), MOLDAU_ERR_NONE);
    ck_assert_int_eq((int)l->n, PARTS);
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
    free(seen);
    test_mock_stop(mock);
}
END_TEST

/* The storm's member: records counted by id, those whose commit failed (consume_until). */
typedef struct storm {
    int seen[MAX_IDS], excused[MAX_IDS];
    int assigned; /* ASSIGNED callbacks */
} storm_t;

static void storm_rebalance(moldau_consumer_t *c, moldau_rebalance_event_t ev,
                            const moldau_partition_list_t *l, void *opaque)
{
    (void)c;
    (void)l;
    storm_t *st = opaque;
    st->assigned += ev == MOLDAU_REBALANCE_ASSIGNED;
}

/* Errors pushed many in a row for JoinGroup, SyncGroup and Heartbeat (retriable ones,
 * coordinator moves, lost members and generations): the member recovers each time, with no
 * error event, no crash or hang, every record consumed, and none twice unless its commit
 * was refused. */
START_TEST(group_error_storm)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create " TOPIC " %d 1", PARTS);
    MOCK(mock, "coordinator set group g-storm 1");
    storm_t *st = calloc(1, sizeof(*st));
    moldau_consumer_t *c = group_consumer(mock->bootstrap, "g-storm", "false", storm_rebalance, st);
    int next = 0;
    test_produce_ids(mock->bootstrap, TOPIC, PARTS, next, 30, NULL);
    consume_until(c, st->seen, st->excused, 0, next += 30);
    int before = st->assigned;
    /* the storm: every JoinGroup and SyncGroup of the rebalance the heartbeats start fails
     * for a while, with each error the coordinator may give there */
    MOCK(mock, "push errors 11 8 COORDINATOR_LOAD_IN_PROGRESS NOT_COORDINATOR "
               "COORDINATOR_NOT_AVAILABLE REBALANCE_IN_PROGRESS UNKNOWN_MEMBER_ID "
               "REBALANCE_IN_PROGRESS NOT_COORDINATOR COORDINATOR_NOT_AVAILABLE");
    MOCK(mock, "push errors 14 6 NOT_COORDINATOR REBALANCE_IN_PROGRESS ILLEGAL_GENERATION "
               "COORDINATOR_NOT_AVAILABLE UNKNOWN_MEMBER_ID REBALANCE_IN_PROGRESS");
    MOCK(mock, "push errors 12 6 NOT_COORDINATOR COORDINATOR_NOT_AVAILABLE "
               "REBALANCE_IN_PROGRESS ILLEGAL_GENERATION UNKNOWN_MEMBER_ID "
               "REBALANCE_IN_PROGRESS");
    for (int round = 0; round < 4; round++) {
        test_produce_ids(mock->bootstrap, TOPIC, PARTS, next, 30, NULL);
        consume_until(c, st->seen, st->excused, next, next + 30);
        next += 30;
    }
    /* the errors were met: the member went through rebalances, and ends with everything */
    ck_assert_int_gt(st->assigned, before);
    moldau_partition_list_t *l = NULL;
    ck_assert_int_eq(moldau_consumer_assignment(c, &l), MOLDAU_ERR_NONE);
    ck_assert_int_eq((int)l->n, PARTS);
    moldau_partition_list_destroy(l);
    for (int i = 0; i < next; i++)
        ck_assert_msg(st->seen[i] == 1 || (st->seen[i] > 1 && st->excused[i]),
                      "record %d consumed %d times", i, st->seen[i]);
    moldau_consumer_close(c);
    free(st);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_group_mock_suite(void)
{
    Suite *s = suite_create("group_mock");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, group_errors_and_coordinator_moves);
    suite_add_tcase(s, tc);
    TCase *storm = tcase_create("storm");
    tcase_set_timeout(storm, 300);
    tcase_add_test(storm, group_error_storm);
    suite_add_tcase(s, storm);
    return s;
}
