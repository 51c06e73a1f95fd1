/* A group consumer that commits after processing, on librdkafka's mock cluster of three
 * brokers, through faults: the broker leading one partition goes down (the others' partitions
 * read on), that partition's leadership moves to a live broker (it resumes where it was), the
 * broker comes back, the group coordinator moves to another broker. Then the member closes
 * and a second member of the group resumes from the commits. Every record is processed, and
 * one is processed twice only if the commit after it failed (each such repeat is counted
 * against the failed commits); with every commit succeeding, none is. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "check_producer.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)
#define TOPIC "faults"
#define GROUP "faults-group"
#define PARTS 4
#define RECORDS 400

typedef struct tally {
    int seen[RECORDS];
    int uncommitted[RECORDS]; /* processed in a batch whose commit failed */
    int commit_failures;
    int processed;
} tally_t;

static moldau_consumer_t *member_new(const char *bootstrap)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    const char *props[][2] = {{"bootstrap.servers", bootstrap},
                              {"log.level", "3"},
                              {"group.id", GROUP},
                              {"enable.auto.commit", "false"},
                              {"auto.offset.reset", "earliest"},
                              {"session.timeout.ms", "6000"},
                              {"heartbeat.interval.ms", "500"},
                              {"max.poll.records", "10"},
                              {"max.partition.fetch.bytes", "256"},
                              {"queued.max.messages.kbytes", "1"},
                              {"metadata.max.age.ms", "2000"}};
    for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
        ck_assert_msg(moldau_conf_set(conf, props[i][0], props[i][1], err, sizeof(err)) == 0,
                      "%s", err);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    const char *topics[] = {TOPIC};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    return c;
}

/* Polls until `until` records were processed in all (or the bound passes), committing
 * synchronously after each batch. Error events are tolerated (a partition whose broker is
 * down may report one) but no record may come from outside the topic. */
static void process_until(moldau_consumer_t *c, tally_t *t, int until)
{
    const moldau_consumer_record_t *recs[10];
    for (int tries = 0; t->processed < until && tries < 3000; tries++) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 10, 100, &e);
        if (n < 0)
            fprintf(stderr, "consumer_faults_mock: error event %s: %s\n", moldau_err_name(e.err),
                    e.reason ? e.reason : "");
        if (n <= 0)
            continue;
        int ids[10];
        for (int i = 0; i < n; i++) {
            ck_assert_str_eq(recs[i]->topic, TOPIC);
            ids[i] = test_record_id(recs[i]);
            ck_assert_int_ge(ids[i], 0);
            ck_assert_int_lt(ids[i], RECORDS);
            ck_assert_int_eq(ids[i] % PARTS, recs[i]->partition);
            if (!t->seen[ids[i]]++)
                t->processed++;
        }
        if (moldau_consumer_commit(c, NULL, 0) != MOLDAU_ERR_NONE) {
            t->commit_failures++;
            for (int i = 0; i < n; i++)
                t->uncommitted[ids[i]] = 1;
        }
    }
}

START_TEST(broker_down_leader_moves_coordinator_moves)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create " TOPIC " %d 1", PARTS);
    for (int p = 0; p < PARTS; p++)
        MOCK(mock, "partition leader " TOPIC " %d %d", p, 1 + p % 3);
    MOCK(mock, "coordinator set group " GROUP " 1");
    /* small batches and small fetches: a partition is never read whole by one Fetch, so the
     * faults below stop it midway */
    const char *small[] = {"linger.ms", "0", "batch.size", "256", NULL};
    test_produce_ids(mock->bootstrap, TOPIC, PARTS, 0, RECORDS, small);
    static tally_t t;
    memset(&t, 0, sizeof(t));

    moldau_consumer_t *c = member_new(mock->bootstrap);
    process_until(c, &t, 60);
    ck_assert_int_ge(t.processed, 60);

    /* broker 2 leads partition 1: down, the other partitions read on */
    MOCK(mock, "broker down 2");
    int before = t.processed;
    process_until(c, &t, before + 100);
    ck_assert_int_ge(t.processed, before + 100);
    /* leadership moves to broker 3; partition 1 resumes where it stopped */
    MOCK(mock, "partition leader " TOPIC " 1 3");
    process_until(c, &t, 260);
    ck_assert_int_ge(t.processed, 260);
    MOCK(mock, "broker up 2");
    /* the coordinator moves: the old one answers NOT_COORDINATOR from now on */
    MOCK(mock, "coordinator set group " GROUP " 3");
    process_until(c, &t, 320);
    ck_assert_int_ge(t.processed, 320);
    moldau_consumer_close(c);

    /* a second member resumes from the commits */
    c = member_new(mock->bootstrap);
    process_until(c, &t, RECORDS);
    fprintf(stderr, "consumer_faults_mock: %d processed\n", t.processed);
    moldau_consumer_close(c);

    int repeats = 0, unexplained = 0;
    for (int i = 0; i < RECORDS; i++) {
        ck_assert_msg(t.seen[i] > 0, "record %d was never processed", i);
        if (t.seen[i] > 1) {
            repeats++;
            unexplained += !t.uncommitted[i];
        }
    }
    fprintf(stderr, "consumer_faults_mock: %d commits failed, %d records processed twice\n",
            t.commit_failures, repeats);
    ck_assert_msg(!unexplained, "%d records processed twice although their commit succeeded",
                  unexplained);
    if (!t.commit_failures)
        ck_assert_int_eq(repeats, 0);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_consumer_faults_mock_suite(void)
{
    Suite *s = suite_create("consumer_faults_mock");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 400);
    tcase_add_test(tc, broker_down_leader_moves_coordinator_moves);
    suite_add_tcase(s, tc);
    return s;
}
