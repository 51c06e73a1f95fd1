/* The admin client's replica calls on the real broker: a preferred election where the leader
 * already is the preferred one (ELECTION_NOT_NEEDED) beside an unknown partition; a
 * reassignment onto the replica the partition has, one onto a broker that does not exist,
 * and a cancel with none in progress, each its own outcome; none listed in progress after;
 * the idempotent producer that wrote to a partition described by its leader. Bad arguments:
 * MOLDAU_ERR__INVALID_ARG. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

START_TEST(elect_reassign_list)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], missing[160];
    test_topic_name("admin-repl", topic, sizeof(topic));
    snprintf(missing, sizeof(missing), "%s-missing", topic);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    moldau_admin_t *a = test_admin_new(bootstrap);
    int32_t broker = test_admin_broker_id(a);

    moldau_admin_topic_partition_t tps[] = {{topic, 0}, {topic, 1}, {missing, 0}};
    moldau_admin_partition_results_t *r;
    ck_assert_int_eq(moldau_admin_elect_leaders(a, MOLDAU_ADMIN_ELECTION_PREFERRED, tps, 3, -1, &r),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    ck_assert_str_eq(r->items[0]->topic, topic);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_ELECTION_NOT_NEEDED);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_ELECTION_NOT_NEEDED);
    ck_assert_int_eq(r->items[2]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[2]->errmsg);
    moldau_admin_result_free(r);

    int32_t same[] = {broker}, nowhere[] = {999999};
    moldau_admin_reassignment_t rs[] = {
        {topic, 0, same, 1}, {topic, 1, nowhere, 1}, {missing, 0, NULL, 0}};
    ck_assert_int_eq(moldau_admin_alter_partition_reassignments(a, rs, 3, -1, &r),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_int_ne(r->items[1]->err, MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_int_ne(r->items[2]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    moldau_admin_reassignment_t cancel = {topic, 0, NULL, 0};
    ck_assert_int_eq(moldau_admin_alter_partition_reassignments(a, &cancel, 1, -1, &r),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_NO_REASSIGNMENT_IN_PROGRESS);
    moldau_admin_result_free(r);

    moldau_admin_ongoing_reassignments_t *l;
    ck_assert_int_eq(moldau_admin_list_partition_reassignments(a, tps, 2, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(l->n_items, 0); /* the no-op one is done at once */
    moldau_admin_result_free(l);
    ck_assert_int_eq(moldau_admin_list_partition_reassignments(a, NULL, 0, -1, &l),
                     MOLDAU_ERR_NONE);
    for (size_t i = 0; i < l->n_items; i++)
        ck_assert_str_ne(l->items[i]->topic, topic);
    moldau_admin_result_free(l);

    r = (void *)1;
    ck_assert_int_eq(moldau_admin_elect_leaders(a, (moldau_admin_election_type_t)7, tps, 1, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_elect_leaders(a, MOLDAU_ADMIN_ELECTION_PREFERRED, NULL, 2, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_topic_partition_t twice[] = {{topic, 0}, {topic, 0}};
    ck_assert_int_eq(moldau_admin_elect_leaders(a, MOLDAU_ADMIN_ELECTION_PREFERRED, twice, 2, -1,
                                                &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_reassignment_t odd = {topic, 0, NULL, 3};
    ck_assert_int_eq(moldau_admin_alter_partition_reassignments(a, &odd, 1, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_alter_partition_reassignments(a, rs, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(producers_of_a_partition)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("admin-prod", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    const char *kv[] = {"enable.idempotence", "true", NULL};
    test_produce_ids(bootstrap, topic, 1, 0, 20, kv); /* all to partition 0 */
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_topic_partition_t tps[] = {{topic, 0}, {topic, 1}, {topic, 9}};
    moldau_admin_producer_states_t *r;
    ck_assert_int_eq(moldau_admin_describe_producers(a, tps, 3, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_uint_eq(r->items[0]->n_producers, 1);
    const moldau_admin_producer_state_t *p = r->items[0]->producers[0];
    ck_assert_int_ge(p->producer_id, 0);
    ck_assert_int_ge(p->producer_epoch, 0);
    ck_assert_int_eq(p->last_sequence, 19); /* 20 records, sequences 0..19 */
    ck_assert_int_eq(p->txn_start_offset, -1);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->items[1]->n_producers, 0);
    ck_assert_int_eq(r->items[2]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    moldau_admin_result_free(r);
    r = (void *)1;
    ck_assert_int_eq(moldau_admin_describe_producers(a, NULL, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_replicas_kafka_suite(void)
{
    Suite *s = suite_create("admin_replicas_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, elect_reassign_list);
    tcase_add_test(tc, producers_of_a_partition);
    suite_add_tcase(s, tc);
    return s;
}
