/* The admin client's group calls against the real broker, on groups of moldau consumers:
 * active ones (subscribed and assigned) and empty ones (committed, then closed). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

/* A member of `group` (group.protocol `protocol`) subscribed to `topic`, polled until it has
 * partitions assigned (60 s at most). */
static moldau_consumer_t *join(const char *bootstrap, const char *group, const char *topic,
                               const char *protocol)
{
    /* the shortest session the broker allows (group.min.session.timeout.ms): a closed
     * member that did not say LeaveGroup is gone after it */
    moldau_consumer_t *c =
        test_consumer_new(bootstrap, "group.id", group, "group.protocol", protocol,
                          "auto.offset.reset", "earliest", "session.timeout.ms", "6000", NULL);
    const char *topics[] = {topic};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    for (int i = 0; i < 600; i++) {
        moldau_consumer_error_t e;
        moldau_consumer_poll(c, 100, &e);
        moldau_partition_list_t *l = NULL;
        ck_assert_int_eq(moldau_consumer_assignment(c, &l), MOLDAU_ERR_NONE);
        size_t n = l->n;
        moldau_partition_list_destroy(l);
        if (n > 0)
            return c;
    }
    ck_abort_msg("%s: no assignment within 60 s", group);
    return NULL;
}

/* Commits `offset` for partitions 0..n-1 of topic. */
static void commit(moldau_consumer_t *c, const char *topic, int n, int64_t offset)
{
    moldau_partition_list_t *l = moldau_partition_list_new((size_t)n);
    for (int p = 0; p < n; p++)
        moldau_partition_list_add(l, topic, p)->offset = offset;
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

/* A group of one topic with committed offsets and no members. */
static void empty_group(const char *bootstrap, const char *group, const char *topic, int n,
                        int64_t offset)
{
    moldau_consumer_t *c = join(bootstrap, group, topic, "classic");
    commit(c, topic, n, offset);
    ck_assert_int_eq(moldau_consumer_unsubscribe(c), MOLDAU_ERR_NONE);
    moldau_consumer_close(c);
}

static const moldau_admin_group_listing_t *listed(const moldau_admin_group_listings_t *l,
                                                  const char *group)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (strcmp(l->items[i]->group_id, group) == 0)
            return l->items[i];
    return NULL;
}

START_TEST(list_groups_reports_state_and_type)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], active[128], empty[128];
    test_topic_name("admin-lg", topic, sizeof(topic));
    test_topic_name("admin-lg-active", active, sizeof(active));
    test_topic_name("admin-lg-empty", empty, sizeof(empty));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    empty_group(bootstrap, empty, topic, 2, 1);
    moldau_consumer_t *c = join(bootstrap, active, topic, "classic");
    moldau_admin_t *a = test_admin_new(bootstrap);

    moldau_admin_group_listings_t *l = NULL;
    const moldau_admin_group_listing_t *g = NULL;
    /* the coordinator completes a join, or a leave, a moment after the member */
    for (int i = 0; i < 200; i++) {
        moldau_admin_result_free(l);
        ck_assert_int_eq(moldau_admin_list_groups(a, NULL, -1, &l), MOLDAU_ERR_NONE);
        g = listed(l, active);
        const moldau_admin_group_listing_t *e = listed(l, empty);
        if (g && g->state && strcmp(g->state, "Stable") == 0 && e && e->state &&
            strcmp(e->state, "Empty") == 0)
            break;
        usleep(100 * 1000);
    }
    ck_assert_uint_eq(l->n_errors, 0);
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->state, "Stable");
    ck_assert_str_eq(g->protocol_type, "consumer");
    ck_assert_str_eq(g->type, "classic");
    ck_assert_int_eq(g->coordinator, test_admin_broker_id(a));
    g = listed(l, empty);
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->state, "Empty");
    for (size_t i = 1; i < l->n_items; i++)
        ck_assert_int_lt(strcmp(l->items[i - 1]->group_id, l->items[i]->group_id), 0);
    moldau_admin_result_free(l);

    /* by state: the broker filters (and moldau again), case-insensitive */
    const char *states[] = {"empty"};
    moldau_admin_list_groups_options_t o = MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    o.states = states;
    o.n_states = 1;
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(listed(l, empty));
    ck_assert_ptr_null(listed(l, active));
    for (size_t i = 0; i < l->n_items; i++)
        ck_assert_str_eq(l->items[i]->state, "Empty");
    moldau_admin_result_free(l);

    /* by type: neither is a KIP-848 group */
    const char *types[] = {"consumer"};
    o = (moldau_admin_list_groups_options_t)MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    o.types = types;
    o.n_types = 1;
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_ptr_null(listed(l, empty));
    ck_assert_ptr_null(listed(l, active));
    moldau_admin_result_free(l);
    const char *classic[] = {"classic"};
    o.types = classic;
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(listed(l, empty));
    ck_assert_ptr_nonnull(listed(l, active));
    moldau_admin_result_free(l);

    moldau_consumer_close(c);
    moldau_admin_close(a);
}
END_TEST

START_TEST(list_groups_refuses_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_group_listings_t *l = (void *)1;
    ck_assert_int_eq(moldau_admin_list_groups(NULL, NULL, -1, &l), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_groups(a, NULL, -1, NULL), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_list_groups_options_t o = MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    o.n_states = 1; /* states NULL */
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(l);
    const char *bad[] = {""};
    o.states = bad;
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR__INVALID_ARG);
    o = (moldau_admin_list_groups_options_t)MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    const char *none[] = {NULL};
    o.types = none;
    o.n_types = 1;
    ck_assert_int_eq(moldau_admin_list_groups(a, &o, -1, &l), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_groups_kafka_suite(void)
{
    Suite *s = suite_create("admin_groups_kafka");
    TCase *tc = tcase_create("admin_groups_kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, list_groups_reports_state_and_type);
    tcase_add_test(tc, list_groups_refuses_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
