/* The admin client's group calls on a real 3-node Kafka, where groups have different
 * coordinators and partitions different leaders: ListGroups reaches every broker, the calls on
 * groups reach each group's coordinator, the lag each partition's leader. The suite starts its
 * own cluster (tests/support/k3_test.h); without java or Kafka's jars it skips loudly (fails
 * under CI=true). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/consumer_test.h"
#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define N_GROUPS 12
#define PARTS 6

static test_k3_t k3;

static void k3_start(void) { test_k3_start(&k3, "admin_groups_kafka3"); }

static void k3_stop(void) { test_k3_stop(&k3); }

START_TEST(groups_across_coordinators)
{
    if (!k3.up) {
        test_peer_missing(__func__, "a 3-node Kafka (tests/support/kafka.sh start --brokers 3)");
        return;
    }
    moldau_admin_t *a = test_admin_new(k3.bootstrap);
    char topic[128], names[N_GROUPS][128];
    const char *groups[N_GROUPS];
    test_topic_name("admin-gk3", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(k3.bootstrap, topic, PARTS), 0);
    test_produce_ids(k3.bootstrap, topic, PARTS, 0, 10 * PARTS, NULL); /* 10 per partition */

    /* groups made by commits from no member: Empty, each with offset p on partition p */
    moldau_admin_offset_commit_t oc[PARTS];
    for (int p = 0; p < PARTS; p++)
        oc[p] = (moldau_admin_offset_commit_t){topic, p, p, -1, NULL};
    for (int g = 0; g < N_GROUPS; g++) {
        groups[g] = test_topic_name("admin-gk3-group", names[g], sizeof(names[g]));
        moldau_admin_group_offsets_t *o = NULL;
        ck_assert_int_eq(moldau_admin_alter_group_offsets(a, groups[g], oc, PARTS, -1, &o),
                         MOLDAU_ERR_NONE);
        for (int p = 0; p < PARTS; p++)
            ck_assert_msg(o->items[p]->err == MOLDAU_ERR_NONE, "%s", o->items[p]->errmsg);
        moldau_admin_result_free(o);
    }

    /* described at once, each by its coordinator */
    moldau_admin_group_descriptions_t *d = NULL;
    ck_assert_int_eq(moldau_admin_describe_groups(a, groups, N_GROUPS, -1, &d), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(d->n_items, N_GROUPS);
    int32_t coord[N_GROUPS];
    int distinct = 0;
    for (int g = 0; g < N_GROUPS; g++) {
        ck_assert_msg(d->items[g]->err == MOLDAU_ERR_NONE, "%s", d->items[g]->errmsg);
        ck_assert_str_eq(d->items[g]->group_id, groups[g]);
        ck_assert_str_eq(d->items[g]->state, "Empty");
        coord[g] = d->items[g]->coordinator;
        int seen = 0;
        for (int k = 0; k < g; k++)
            seen |= coord[k] == coord[g];
        distinct += !seen;
    }
    moldau_admin_result_free(d);
    /* __consumer_offsets' partitions are spread over the brokers */
    ck_assert_int_ge(distinct, 2);

    /* listed by every broker, each by the one that coordinates it */
    moldau_admin_group_listings_t *l = NULL;
    ck_assert_int_eq(moldau_admin_list_groups(a, NULL, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(l->n_errors, 0);
    for (int g = 0; g < N_GROUPS; g++) {
        const moldau_admin_group_listing_t *it = NULL;
        for (size_t i = 0; i < l->n_items && !it; i++)
            if (strcmp(l->items[i]->group_id, groups[g]) == 0)
                it = l->items[i];
        ck_assert_msg(it != NULL, "%s not listed", groups[g]);
        ck_assert_int_eq(it->coordinator, coord[g]);
    }
    moldau_admin_result_free(l);

    /* the lag from every partition's leader */
    moldau_admin_group_lags_t *lag = NULL;
    ck_assert_int_eq(moldau_admin_group_lag(a, groups[0], -1, &lag), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(lag->n_items, PARTS);
    for (int p = 0; p < PARTS; p++) {
        ck_assert_msg(lag->items[p]->err == MOLDAU_ERR_NONE, "%s", lag->items[p]->errmsg);
        ck_assert_int_eq(lag->items[p]->partition, p);
        ck_assert_int_eq(lag->items[p]->committed, p);
        ck_assert_int_eq(lag->items[p]->log_end, 10);
        ck_assert_int_eq(lag->items[p]->lag, 10 - p);
    }
    moldau_admin_result_free(lag);

    /* a reset to the end on every partition, then all deleted at once */
    moldau_admin_reset_offsets_t s = MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    const char *topics[] = {topic};
    s.to = MOLDAU_ADMIN_RESET_LATEST;
    s.topics = topics;
    s.n_topics = 1;
    moldau_admin_reset_results_t *r = NULL;
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, groups[1], &s, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, PARTS);
    for (int p = 0; p < PARTS; p++) {
        ck_assert_msg(r->items[p]->err == MOLDAU_ERR_NONE, "%s", r->items[p]->errmsg);
        ck_assert_int_eq(r->items[p]->previous, r->items[p]->partition);
        ck_assert_int_eq(r->items[p]->offset, 10);
    }
    moldau_admin_result_free(r);
    moldau_admin_group_results_t *del = NULL;
    ck_assert_int_eq(moldau_admin_delete_groups(a, groups, N_GROUPS, -1, &del), MOLDAU_ERR_NONE);
    for (int g = 0; g < N_GROUPS; g++)
        ck_assert_msg(del->items[g]->err == MOLDAU_ERR_NONE, "%s", del->items[g]->errmsg);
    moldau_admin_result_free(del);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_groups_kafka3_suite(void)
{
    Suite *s = suite_create("admin_groups_kafka3");
    TCase *tc = tcase_create("kafka3");
    tcase_set_timeout(tc, 180);
    tcase_add_unchecked_fixture(tc, k3_start, k3_stop);
    tcase_add_test(tc, groups_across_coordinators);
    suite_add_tcase(s, tc);
    return s;
}
