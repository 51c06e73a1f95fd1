/* The consumer on librdkafka's mock cluster: a partition whose leader moves keeps its
 * position (no record lost or repeated), and Fetch errors that mean stale metadata
 * (NOT_LEADER_OR_FOLLOWER) are retried after a refresh. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "check_producer.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

START_TEST(leader_moves)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create moved 1 3");
    MOCK(mock, "partition leader moved 0 1");
    test_produce_ids(mock->bootstrap, "moved", 1, 0, 50, NULL);
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
    test_consume_ids(c, &next, 20);
    MOCK(mock, "partition leader moved 0 2");
    test_produce_ids(mock->bootstrap, "moved", 1, 50, 30, NULL);
    test_consume_ids(c, &next, 80);
    /* the next Fetches are refused as if the leader had moved: refreshed and retried */
    MOCK(mock, "push errors %d 3 NOT_LEADER_FOR_PARTITION NOT_LEADER_FOR_PARTITION "
               "NOT_LEADER_FOR_PARTITION", 1 /* Fetch */);
    test_produce_ids(mock->bootstrap, "moved", 1, 80, 20, NULL);
    test_consume_ids(c, &next, 100);
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
