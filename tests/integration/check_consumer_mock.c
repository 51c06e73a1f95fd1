/* The consumer on librdkafka's mock cluster: a partition whose leader moves keeps its
 * position (no record lost or repeated), and Fetch errors that mean stale metadata
 * (NOT_LEADER_OR_FOLLOWER) are retried after a refresh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/mock_test.h"
#include "check_producer.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

static void produce_range(const char *bootstrap, int from, int n)
{
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int i = from; i < from + n; i++) {
        char v[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = "moved";
        r.partition = 0;
        r.value = v;
        r.value_len = (size_t)snprintf(v, sizeof(v), "%d", i);
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

/* Polls until next == until: each record's value is the next id, in order. */
static void consume_until(moldau_consumer_t *c, int *next, int until)
{
    const moldau_consumer_record_t *recs[100];
    for (int tries = 0; *next < until && tries < 300; tries++) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 100, 100, &e);
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < n; i++) {
            char v[32];
            size_t len = recs[i]->value_len < sizeof(v) - 1 ? recs[i]->value_len : sizeof(v) - 1;
            memcpy(v, recs[i]->value, len);
            v[len] = 0;
            ck_assert_int_eq(atoi(v), *next);
            ck_assert_int_eq(recs[i]->offset, *next);
            (*next)++;
        }
    }
    ck_assert_int_eq(*next, until);
}

START_TEST(leader_moves)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create moved 1 3");
    MOCK(mock, "partition leader moved 0 1");
    produce_range(mock->bootstrap, 0, 50);
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", mock->bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "max.poll.records", "10", err, sizeof(err)), 0);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, "moved", 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    int next = 0;
    consume_until(c, &next, 20);
    MOCK(mock, "partition leader moved 0 2");
    produce_range(mock->bootstrap, 50, 30);
    consume_until(c, &next, 80);
    /* the next Fetches are refused as if the leader had moved: refreshed and retried */
    MOCK(mock, "push errors %d 3 NOT_LEADER_FOR_PARTITION NOT_LEADER_FOR_PARTITION "
               "NOT_LEADER_FOR_PARTITION", 1 /* Fetch */);
    produce_range(mock->bootstrap, 80, 20);
    consume_until(c, &next, 100);
    moldau_consumer_close(c);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_consumer_mock_suite(void)
{
    Suite *s = suite_create("consumer_mock");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, leader_moves);
    suite_add_tcase(s, tc);
    return s;
}
