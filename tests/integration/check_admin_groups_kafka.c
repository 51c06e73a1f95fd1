/* The admin client's group calls against the real broker, on groups of moldau consumers:
 * active ones (subscribed and assigned) and empty ones (committed, then closed). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/codec_conn_test.h"
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
    int classic = strcmp(protocol, "classic") == 0;
    moldau_consumer_t *c = test_consumer_new(
        bootstrap, "group.id", group, "group.protocol", protocol, "auto.offset.reset",
        "earliest", "enable.auto.commit", "false", classic ? "session.timeout.ms" : NULL, "6000", NULL);
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

/* Describes `group` until its state is `state` (10 s at most). */
static moldau_admin_group_descriptions_t *describe_until(moldau_admin_t *a,
                                                         const char *const *groups, size_t n,
                                                         const char *state)
{
    moldau_admin_group_descriptions_t *d = NULL;
    for (int i = 0; i < 100; i++) {
        moldau_admin_result_free(d);
        moldau_err_t err = moldau_admin_describe_groups(a, groups, n, -1, &d);
        ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
        ck_assert_uint_eq(d->n_items, n);
        if (d->items[0]->state && strcmp(d->items[0]->state, state) == 0)
            break;
        usleep(100 * 1000);
    }
    ck_assert_msg(d->items[0]->err == MOLDAU_ERR_NONE, "%s", d->items[0]->errmsg);
    ck_assert_str_eq(d->items[0]->state, state);
    return d;
}

/* Every partition 0..n-1 of topic once in tps. */
static void assert_all_partitions(moldau_admin_topic_partition_t *const *tps, size_t n_tps,
                                  const char *topic, int n)
{
    ck_assert_uint_eq(n_tps, (size_t)n);
    int seen = 0;
    for (size_t i = 0; i < n_tps; i++) {
        ck_assert_str_eq(tps[i]->topic, topic);
        ck_assert(tps[i]->partition >= 0 && tps[i]->partition < n);
        seen |= 1 << tps[i]->partition;
    }
    ck_assert_int_eq(seen, (1 << n) - 1);
}

START_TEST(describe_groups_classic_and_unknown)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], unknown[128];
    test_topic_name("admin-dg", topic, sizeof(topic));
    test_topic_name("admin-dg-classic", group, sizeof(group));
    test_topic_name("admin-dg-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    moldau_consumer_t *c = join(bootstrap, group, topic, "classic");
    moldau_admin_t *a = test_admin_new(bootstrap);
    const char *groups[] = {group, unknown};
    moldau_admin_group_descriptions_t *d = describe_until(a, groups, 2, "Stable");
    const moldau_admin_group_description_t *g = d->items[0];
    ck_assert_str_eq(g->group_id, group);
    ck_assert_ptr_null(g->errmsg);
    ck_assert_str_eq(g->type, "classic");
    ck_assert_str_eq(g->protocol_type, "consumer");
    ck_assert_str_eq(g->assignor, "range"); /* the first of moldau's default assignors */
    ck_assert_int_eq(g->coordinator, test_admin_broker_id(a));
    ck_assert_int_eq(g->group_epoch, -1);
    ck_assert_uint_eq(g->n_members, 1);
    const moldau_admin_group_member_t *m = g->members[0];
    ck_assert_str_ne(m->member_id, "");
    ck_assert_ptr_null(m->group_instance_id);
    ck_assert_str_ne(m->client_id, "");
    ck_assert_str_ne(m->host, "");
    ck_assert_int_eq(m->member_epoch, -1);
    assert_all_partitions(m->assignment, m->n_assignment, topic, 3);
    ck_assert_uint_eq(m->n_target_assignment, 0);
    /* the unknown group beside it */
    ck_assert_str_eq(d->items[1]->group_id, unknown);
    ck_assert_int_eq(d->items[1]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    ck_assert_ptr_nonnull(d->items[1]->errmsg);
    moldau_admin_result_free(d);
    moldau_consumer_close(c);
    moldau_admin_close(a);
}
END_TEST

TEST_CODEC_WRAP(consumer_group_heartbeat)

/* A KIP-848 group (moldau's consumer speaks only the classic protocol): one member joined
 * with a raw ConsumerGroupHeartbeat, left at the end. */
START_TEST(describe_groups_consumer_protocol)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], member[64];
    test_topic_name("admin-dg848", topic, sizeof(topic));
    test_topic_name("admin-dg848-group", group, sizeof(group));
    snprintf(member, sizeof(member), "moldau-admin-%d", (int)getpid());
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    test_conn_t conn;
    test_conn_open(&conn, bootstrap, "admin_groups_kafka");
    int16_t hv = test_conn_version(&conn, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT);
    ck_assert_int_ge(hv, 1); /* Kafka 4.x */
    test_conn_find_coordinator(&conn, group, 0);
    const char *const subs[] = {topic};
    moldau_consumer_group_heartbeat_request_t hb = MOLDAU_CONSUMER_GROUP_HEARTBEAT_REQUEST_INIT;
    hb.group_id = group;
    hb.member_id = member;
    hb.rebalance_timeout_ms = 30000;
    hb.subscribed_topic_names = subs;
    hb.n_subscribed_topic_names = 1;
    hb.n_topic_partitions = 0;
    moldau_consumer_group_heartbeat_response_t hb_r;
    for (int tries = 0;; tries++) {
        test_conn_exchange_at(&conn, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, hv,
                              enc_consumer_group_heartbeat, &hb, dec_consumer_group_heartbeat,
                              &hb_r);
        if (!test_coordinator_retriable(hb_r.error_code) || tries == 60)
            break;
        test_sleep_ms(500);
    }
    ck_assert_int_eq(hb_r.error_code, 0);

    moldau_admin_t *a = test_admin_new(bootstrap);
    char unknown[128];
    test_topic_name("admin-dg848-none", unknown, sizeof(unknown));
    const char *groups[] = {group, unknown};
    moldau_admin_group_descriptions_t *d = NULL;
    for (int i = 0; i < 100; i++) {
        moldau_admin_result_free(d);
        ck_assert_int_eq(moldau_admin_describe_groups(a, groups, 2, -1, &d), MOLDAU_ERR_NONE);
        if (!d->items[0]->err && d->items[0]->n_members == 1 &&
            d->items[0]->members[0]->n_target_assignment == 3)
            break;
        usleep(200 * 1000);
        /* a heartbeat lets the coordinator see the new topic and assign it */
        hb.member_epoch = hb_r.member_epoch;
        test_conn_exchange_at(&conn, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, hv,
                              enc_consumer_group_heartbeat, &hb, dec_consumer_group_heartbeat,
                              &hb_r);
    }
    const moldau_admin_group_description_t *g = d->items[0];
    ck_assert_msg(g->err == MOLDAU_ERR_NONE, "%s", g->errmsg);
    ck_assert_str_eq(g->type, "consumer");
    ck_assert_str_eq(g->protocol_type, "consumer");
    ck_assert_str_ne(g->state, "");
    ck_assert_str_ne(g->assignor, ""); /* the broker's default, e.g. "uniform" */
    ck_assert_int_gt(g->group_epoch, 0);
    ck_assert_int_ge(g->assignment_epoch, 0);
    ck_assert_int_eq(g->coordinator, test_admin_broker_id(a));
    ck_assert_uint_eq(g->n_members, 1);
    const moldau_admin_group_member_t *m = g->members[0];
    ck_assert_str_eq(m->member_id, member);
    ck_assert_int_gt(m->member_epoch, 0);
    assert_all_partitions(m->target_assignment, m->n_target_assignment, topic, 3);
    ck_assert_uint_le(m->n_assignment, 3); /* what it acknowledged so far */
    ck_assert_int_eq(d->items[1]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    moldau_admin_result_free(d);

    hb.member_epoch = -1; /* leave */
    test_conn_exchange_at(&conn, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, hv,
                          enc_consumer_group_heartbeat, &hb, dec_consumer_group_heartbeat, &hb_r);
    test_conn_close(&conn);
    moldau_admin_close(a);
}
END_TEST

TEST_CODEC_WRAP(join_group)
TEST_CODEC_WRAP(sync_group)

/* A classic "consumer" group whose leader (a raw member) hands out an assignment that is not
 * in the consumer protocol's layout: the description fails that group, not the call. */
START_TEST(describe_groups_bad_assignment_is_an_item_error)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], good[128];
    test_topic_name("admin-dgbad", topic, sizeof(topic));
    test_topic_name("admin-dgbad-group", group, sizeof(group));
    test_topic_name("admin-dgbad-good", good, sizeof(good));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    moldau_consumer_t *c = join(bootstrap, good, topic, "classic");
    test_conn_t conn;
    test_conn_open(&conn, bootstrap, "admin_groups_kafka");
    test_conn_find_coordinator(&conn, group, 0);
    const char *const subs[] = {topic};
    moldau_consumer_protocol_subscription_t sub = {.topics = subs, .n_topics = 1,
                                                   .user_data = MOLDAU_BYTES_NULL,
                                                   .generation_id = -1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&w, 0, &sub), MOLDAU_ERR_NONE);
    moldau_join_group_request_protocol_t proto = {"range", {w.data, (int32_t)w.len}};
    moldau_join_group_request_t jg = {.group_id = group, .session_timeout_ms = 6000,
                                      .rebalance_timeout_ms = 10000, .member_id = "",
                                      .protocol_type = "consumer", .protocols = &proto,
                                      .n_protocols = 1};
    moldau_join_group_response_t jr;
    int16_t jv = test_conn_exchange(&conn, MOLDAU_API_JOIN_GROUP, enc_join_group, &jg,
                                    dec_join_group, &jr);
    for (int tries = 0; tries < 60 && test_coordinator_retriable(jr.error_code); tries++) {
        test_sleep_ms(500);
        test_conn_exchange_at(&conn, MOLDAU_API_JOIN_GROUP, jv, enc_join_group, &jg,
                              dec_join_group, &jr);
    }
    if (jr.error_code == MOLDAU_ERR_MEMBER_ID_REQUIRED) {
        jg.member_id = jr.member_id;
        test_conn_exchange_at(&conn, MOLDAU_API_JOIN_GROUP, jv, enc_join_group, &jg,
                              dec_join_group, &jr);
    }
    ck_assert_int_eq(jr.error_code, 0);
    ck_assert_str_eq(jr.leader, jr.member_id);
    static const uint8_t garbage[] = {0xff, 0xff, 0x00}; /* version -1 */
    moldau_sync_group_request_assignment_t as = {jr.member_id, {garbage, sizeof(garbage)}};
    moldau_sync_group_request_t sg = {.group_id = group, .generation_id = jr.generation_id,
                                      .member_id = jr.member_id, .protocol_type = "consumer",
                                      .protocol_name = "range", .assignments = &as,
                                      .n_assignments = 1};
    moldau_sync_group_response_t sr;
    test_conn_exchange(&conn, MOLDAU_API_SYNC_GROUP, enc_sync_group, &sg, dec_sync_group, &sr);
    ck_assert_int_eq(sr.error_code, 0);

    moldau_admin_t *a = test_admin_new(bootstrap);
    const char *groups[] = {group, good};
    moldau_admin_group_descriptions_t *d = NULL;
    ck_assert_int_eq(moldau_admin_describe_groups(a, groups, 2, -1, &d), MOLDAU_ERR_NONE);
    ck_assert_int_eq(d->items[0]->err, MOLDAU_ERR__BAD_MSG);
    ck_assert_ptr_nonnull(d->items[0]->errmsg);
    ck_assert_uint_eq(d->items[0]->n_members, 1); /* the rest is still there */
    ck_assert_str_eq(d->items[0]->members[0]->member_id, jr.member_id);
    ck_assert_msg(d->items[1]->err == MOLDAU_ERR_NONE, "%s", d->items[1]->errmsg);
    ck_assert_uint_eq(d->items[1]->members[0]->n_assignment, 1);
    moldau_admin_result_free(d);
    moldau_buf_free(&w);
    test_conn_close(&conn);
    moldau_consumer_close(c);
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_groups_reports_each_group)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], empty[128], active[128], unknown[128];
    test_topic_name("admin-del", topic, sizeof(topic));
    test_topic_name("admin-del-empty", empty, sizeof(empty));
    test_topic_name("admin-del-active", active, sizeof(active));
    test_topic_name("admin-del-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    empty_group(bootstrap, empty, topic, 1, 0);
    moldau_consumer_t *c = join(bootstrap, active, topic, "classic");
    moldau_admin_t *a = test_admin_new(bootstrap);
    const char *one[] = {empty};
    moldau_admin_result_free(describe_until(a, one, 1, "Empty"));

    const char *groups[] = {empty, active, unknown};
    moldau_admin_group_results_t *r = NULL;
    ck_assert_int_eq(moldau_admin_delete_groups(a, groups, 3, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(r->items[i]->group_id, groups[i]);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_NON_EMPTY_GROUP);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_int_eq(r->items[2]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    moldau_admin_result_free(r);

    /* gone, the other one still there */
    moldau_admin_group_descriptions_t *d = NULL;
    ck_assert_int_eq(moldau_admin_describe_groups(a, groups, 2, -1, &d), MOLDAU_ERR_NONE);
    ck_assert_int_eq(d->items[0]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    ck_assert_int_eq(d->items[1]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(d);
    moldau_consumer_close(c);
    moldau_admin_close(a);
}
END_TEST

START_TEST(group_calls_refuse_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_group_descriptions_t *d = (void *)1;
    moldau_admin_group_results_t *r = (void *)1;
    const char *ok[] = {"g"}, *empty[] = {""}, *null[] = {NULL}, *twice[] = {"g", "g"};
    ck_assert_int_eq(moldau_admin_describe_groups(NULL, ok, 1, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_groups(a, ok, 1, -1, NULL), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_groups(a, NULL, 1, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(moldau_admin_describe_groups(a, ok, 0, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_groups(a, empty, 1, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_groups(a, null, 1, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_groups(a, twice, 2, -1, &d), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_groups(NULL, ok, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_groups(a, ok, 1, -1, NULL), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_groups(a, NULL, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_delete_groups(a, ok, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_groups(a, empty, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_groups(a, twice, 2, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

static moldau_admin_group_offsets_t *offsets_of(moldau_admin_t *a, const char *group,
                                                const moldau_admin_topic_partition_t *tps,
                                                size_t n)
{
    moldau_admin_group_offsets_t *o = NULL;
    moldau_err_t err = moldau_admin_list_group_offsets(a, group, tps, n, -1, &o);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_str_eq(o->group_id, group);
    return o;
}

START_TEST(group_offsets_list_alter_delete)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], other[128], group[128], active[128], unknown[128];
    test_topic_name("admin-go", topic, sizeof(topic));
    test_topic_name("admin-go-other", other, sizeof(other));
    test_topic_name("admin-go-group", group, sizeof(group));
    test_topic_name("admin-go-active", active, sizeof(active));
    test_topic_name("admin-go-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, other, 1), 0);
    test_produce_ids(bootstrap, topic, 3, 0, 30, NULL);
    empty_group(bootstrap, group, topic, 3, 1);
    moldau_admin_t *a = test_admin_new(bootstrap);
    const char *one[] = {group};
    moldau_admin_result_free(describe_until(a, one, 1, "Empty"));

    /* every committed partition, by topic and partition (v10 answers by topic id) */
    moldau_admin_group_offsets_t *o = offsets_of(a, group, NULL, 0);
    ck_assert_uint_eq(o->n_items, 3);
    for (int p = 0; p < 3; p++) {
        ck_assert_str_eq(o->items[p]->topic, topic);
        ck_assert_int_eq(o->items[p]->partition, p);
        ck_assert_msg(o->items[p]->err == MOLDAU_ERR_NONE, "%s", o->items[p]->errmsg);
        ck_assert_int_eq(o->items[p]->offset, 1);
    }
    moldau_admin_result_free(o);

    /* given partitions: one never committed, one of a topic that does not exist */
    moldau_admin_topic_partition_t tps[] = {{topic, 2}, {other, 0}, {unknown, 0}};
    o = offsets_of(a, group, tps, 3);
    ck_assert_uint_eq(o->n_items, 3);
    ck_assert_int_eq(o->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(o->items[0]->offset, 1);
    ck_assert_str_eq(o->items[1]->topic, other);
    ck_assert_int_eq(o->items[1]->err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(o->items[1]->offset, -1);
    /* by name Kafka says "none committed", by id (v10) "no such topic" */
    ck_assert_msg(o->items[2]->err == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION ||
                      (o->items[2]->err == MOLDAU_ERR_NONE && o->items[2]->offset == -1),
                  "%s", moldau_err_name(o->items[2]->err));
    moldau_admin_result_free(o);

    /* alter the empty group */
    moldau_admin_offset_commit_t set[] = {{topic, 0, 5, -1, "five"}, {topic, 1, 7, -1, NULL},
                                          {other, 0, 0, -1, NULL}};
    ck_assert_int_eq(moldau_admin_alter_group_offsets(a, group, set, 3, -1, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(o->n_items, 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_msg(o->items[i]->err == MOLDAU_ERR_NONE, "%s", o->items[i]->errmsg);
        ck_assert_int_eq(o->items[i]->offset, set[i].offset);
    }
    moldau_admin_result_free(o);
    /* a topic the cluster does not have, beside one it has */
    moldau_admin_offset_commit_t mixed[] = {{unknown, 0, 1, -1, NULL}, {other, 0, 0, -1, NULL}};
    ck_assert_int_eq(moldau_admin_alter_group_offsets(a, group, mixed, 2, -1, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(o->items[0]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_int_eq(o->items[0]->offset, -1);
    ck_assert_msg(o->items[1]->err == MOLDAU_ERR_NONE, "%s", o->items[1]->errmsg);
    moldau_admin_result_free(o);
    moldau_admin_topic_partition_t both[] = {{topic, 0}, {topic, 1}, {other, 0}};
    o = offsets_of(a, group, both, 3);
    ck_assert_int_eq(o->items[0]->offset, 5);
    ck_assert_str_eq(o->items[0]->metadata, "five");
    ck_assert_int_eq(o->items[1]->offset, 7);
    ck_assert_int_eq(o->items[2]->offset, 0);
    moldau_admin_result_free(o);

    /* a group with a member refuses a commit from no member */
    moldau_consumer_t *c = join(bootstrap, active, topic, "classic");
    ck_assert_int_eq(moldau_admin_alter_group_offsets(a, active, set, 1, -1, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_int_ne(o->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(o->items[0]->errmsg);
    moldau_admin_result_free(o);
    /* nor deletes the offsets of a topic its members consume */
    moldau_admin_topic_partition_t t0[] = {{topic, 0}};
    ck_assert_int_eq(moldau_admin_delete_group_offsets(a, active, t0, 1, -1, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(o->items[0]->err, MOLDAU_ERR_GROUP_SUBSCRIBED_TO_TOPIC);
    moldau_admin_result_free(o);
    moldau_consumer_close(c);

    /* delete: gone from the empty group; an unknown group fails each partition */
    moldau_admin_topic_partition_t del[] = {{topic, 2}, {other, 0}};
    ck_assert_int_eq(moldau_admin_delete_group_offsets(a, group, del, 2, -1, &o),
                     MOLDAU_ERR_NONE);
    for (size_t i = 0; i < 2; i++)
        ck_assert_msg(o->items[i]->err == MOLDAU_ERR_NONE, "%s", o->items[i]->errmsg);
    moldau_admin_result_free(o);
    o = offsets_of(a, group, NULL, 0);
    ck_assert_uint_eq(o->n_items, 2);
    ck_assert_int_eq(o->items[0]->partition, 0);
    ck_assert_int_eq(o->items[1]->partition, 1);
    moldau_admin_result_free(o);
    ck_assert_int_eq(moldau_admin_delete_group_offsets(a, unknown, del, 2, -1, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(o->items[0]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    ck_assert_int_eq(o->items[1]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    moldau_admin_result_free(o);
    o = offsets_of(a, unknown, NULL, 0);
    ck_assert_uint_eq(o->n_items, 0);
    moldau_admin_result_free(o);
    moldau_admin_close(a);
}
END_TEST

START_TEST(group_offsets_refuse_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_group_offsets_t *o = (void *)1;
    moldau_admin_topic_partition_t tp[] = {{"t", 0}, {"t", 0}}, bad[] = {{"t", -1}},
                                   none[] = {{NULL, 0}};
    moldau_admin_offset_commit_t oc[] = {{"t", 0, -1, -1, NULL}};
    ck_assert_int_eq(moldau_admin_list_group_offsets(NULL, "g", NULL, 0, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", NULL, 0, -1, NULL),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, NULL, NULL, 0, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(o);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "", NULL, 0, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", NULL, 2, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", tp, 2, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", bad, 1, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", none, 1, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_alter_group_offsets(a, "g", NULL, 0, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_alter_group_offsets(a, "g", oc, 1, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_group_offsets(a, "g", NULL, 0, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_group_offsets(a, "g", tp, 2, -1, &o),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(o);
    moldau_admin_close(a);
}
END_TEST

START_TEST(group_lag_per_partition)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], unknown[128];
    test_topic_name("admin-lag", topic, sizeof(topic));
    test_topic_name("admin-lag-group", group, sizeof(group));
    test_topic_name("admin-lag-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    test_produce_ids(bootstrap, topic, 2, 0, 20, NULL); /* 10 per partition */
    empty_group(bootstrap, group, topic, 2, 3);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_group_lags_t *l = NULL;
    ck_assert_int_eq(moldau_admin_group_lag(a, group, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_str_eq(l->group_id, group);
    ck_assert_uint_eq(l->n_items, 2);
    for (int p = 0; p < 2; p++) {
        const moldau_admin_group_lag_t *it = l->items[p];
        ck_assert_str_eq(it->topic, topic);
        ck_assert_int_eq(it->partition, p);
        ck_assert_msg(it->err == MOLDAU_ERR_NONE, "%s", it->errmsg);
        ck_assert_int_eq(it->committed, 3);
        ck_assert_int_eq(it->log_end, 10);
        ck_assert_int_eq(it->lag, 7);
    }
    moldau_admin_result_free(l);
    /* more records: more lag on that partition only */
    test_produce_ids(bootstrap, topic, 2, 20, 2, NULL); /* ids 20 and 21: one each */
    ck_assert_int_eq(moldau_admin_group_lag(a, group, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_int_eq(l->items[0]->lag, 8);
    ck_assert_int_eq(l->items[1]->lag, 8);
    moldau_admin_result_free(l);
    ck_assert_int_eq(moldau_admin_group_lag(a, unknown, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(l->n_items, 0);
    moldau_admin_result_free(l);
    l = (void *)1;
    ck_assert_int_eq(moldau_admin_group_lag(a, NULL, -1, &l), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(moldau_admin_group_lag(a, "", -1, &l), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_group_lag(a, group, -1, NULL), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

/* Resets `group` as spec says and checks each partition's previous and new offset, and
 * that the group's committed offsets are the new ones (or, dry_run, still the previous). */
static void reset_and_check(moldau_admin_t *a, const char *group,
                            const moldau_admin_reset_offsets_t *spec, size_t n,
                            const int64_t *previous, const int64_t *expect)
{
    moldau_admin_reset_results_t *r = NULL;
    moldau_err_t err = moldau_admin_reset_group_offsets(a, group, spec, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_str_eq(r->group_id, group);
    ck_assert_uint_eq(r->n_items, n);
    moldau_admin_topic_partition_t tps[8];
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(r->items[i]->err == MOLDAU_ERR_NONE, "%s", r->items[i]->errmsg);
        ck_assert_int_eq(r->items[i]->previous, previous[i]);
        ck_assert_int_eq(r->items[i]->offset, expect[i]);
        tps[i] = (moldau_admin_topic_partition_t){r->items[i]->topic, r->items[i]->partition};
    }
    moldau_admin_group_offsets_t *o = offsets_of(a, group, tps, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(o->items[i]->offset, spec->dry_run ? previous[i] : expect[i]);
    moldau_admin_result_free(o);
    moldau_admin_result_free(r);
}

START_TEST(reset_group_offsets_every_way)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], active[128], unknown[128];
    test_topic_name("admin-reset", topic, sizeof(topic));
    test_topic_name("admin-reset-group", group, sizeof(group));
    test_topic_name("admin-reset-active", active, sizeof(active));
    test_topic_name("admin-reset-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    test_produce_ids(bootstrap, topic, 2, 0, 20, NULL); /* offsets 0..9 on each */
    empty_group(bootstrap, group, topic, 2, 3);
    moldau_admin_t *a = test_admin_new(bootstrap);
    const char *one[] = {group};
    moldau_admin_result_free(describe_until(a, one, 1, "Empty"));

    const char *topics[] = {topic};
    moldau_admin_reset_offsets_t s = MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    s.topics = topics;
    s.n_topics = 1;
    s.to = MOLDAU_ADMIN_RESET_EARLIEST;
    s.dry_run = 1;
    reset_and_check(a, group, &s, 2, (int64_t[]){3, 3}, (int64_t[]){0, 0});
    s.dry_run = 0;
    reset_and_check(a, group, &s, 2, (int64_t[]){3, 3}, (int64_t[]){0, 0});
    s.to = MOLDAU_ADMIN_RESET_LATEST;
    reset_and_check(a, group, &s, 2, (int64_t[]){0, 0}, (int64_t[]){10, 10});
    s.to = MOLDAU_ADMIN_RESET_SHIFT;
    s.shift = -4;
    reset_and_check(a, group, &s, 2, (int64_t[]){10, 10}, (int64_t[]){6, 6});
    s.shift = -100; /* clamped to the log start */
    reset_and_check(a, group, &s, 2, (int64_t[]){6, 6}, (int64_t[]){0, 0});
    s.shift = 100; /* and to its end */
    reset_and_check(a, group, &s, 2, (int64_t[]){0, 0}, (int64_t[]){10, 10});
    s.to = MOLDAU_ADMIN_RESET_TIMESTAMP;
    s.timestamp = 0; /* every record is later: the first */
    reset_and_check(a, group, &s, 2, (int64_t[]){10, 10}, (int64_t[]){0, 0});
    s.timestamp = (int64_t)time(NULL) * 1000 + 86400000; /* none that late: the end */
    reset_and_check(a, group, &s, 2, (int64_t[]){0, 0}, (int64_t[]){10, 10});

    /* given partitions only */
    moldau_admin_topic_partition_t p1[] = {{topic, 1}};
    s = (moldau_admin_reset_offsets_t)MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    s.to = MOLDAU_ADMIN_RESET_SHIFT;
    s.shift = -1;
    s.partitions = p1;
    s.n_partitions = 1;
    reset_and_check(a, group, &s, 1, (int64_t[]){10}, (int64_t[]){9});
    /* given offsets, clamped */
    moldau_admin_offset_commit_t given[] = {{topic, 0, 2, -1, NULL}, {topic, 1, 50, -1, NULL}};
    s = (moldau_admin_reset_offsets_t)MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    s.to = MOLDAU_ADMIN_RESET_OFFSETS;
    s.offsets = given;
    s.n_offsets = 2;
    reset_and_check(a, group, &s, 2, (int64_t[]){10, 9}, (int64_t[]){2, 10});

    /* refused while the group has a member */
    moldau_consumer_t *c = join(bootstrap, active, topic, "classic");
    s = (moldau_admin_reset_offsets_t)MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    s.to = MOLDAU_ADMIN_RESET_EARLIEST;
    s.topics = topics;
    s.n_topics = 1;
    moldau_admin_reset_results_t *r = (void *)1;
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, active, &s, -1, &r), MOLDAU_ERR__STATE);
    ck_assert_ptr_null(r);
    moldau_consumer_close(c);
    /* a topic the cluster does not have */
    const char *nt[] = {unknown};
    s.topics = nt;
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, &s, -1, &r),
                     MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    /* bad arguments */
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, NULL, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, NULL, &s, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, &s, -1, NULL),
                     MOLDAU_ERR__INVALID_ARG);
    s.to = 0;
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, &s, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    s.to = MOLDAU_ADMIN_RESET_LATEST;
    s.n_topics = 0; /* nothing to reset */
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, &s, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    s.to = MOLDAU_ADMIN_RESET_OFFSETS;
    moldau_admin_offset_commit_t neg[] = {{topic, 0, -1, -1, NULL}};
    s.offsets = neg;
    s.n_offsets = 1;
    ck_assert_int_eq(moldau_admin_reset_group_offsets(a, group, &s, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

START_TEST(group_calls_time_out_without_brokers)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "2", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_ptr_nonnull(a);
    const char *groups[] = {"g"};
    moldau_admin_group_listings_t *l = (void *)1;
    ck_assert_int_eq(moldau_admin_list_groups(a, NULL, 300, &l), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(l);
    moldau_admin_group_descriptions_t *d = (void *)1;
    ck_assert_int_eq(moldau_admin_describe_groups(a, groups, 1, 300, &d), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(d);
    moldau_admin_group_results_t *r = (void *)1;
    ck_assert_int_eq(moldau_admin_delete_groups(a, groups, 1, 300, &r), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(r);
    moldau_admin_group_offsets_t *o = (void *)1;
    ck_assert_int_eq(moldau_admin_list_group_offsets(a, "g", NULL, 0, 300, &o),
                     MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(o);
    moldau_admin_group_lags_t *lag = (void *)1;
    ck_assert_int_eq(moldau_admin_group_lag(a, "g", 300, &lag), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(lag);
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
    tcase_add_test(tc, describe_groups_classic_and_unknown);
    tcase_add_test(tc, describe_groups_consumer_protocol);
    tcase_add_test(tc, describe_groups_bad_assignment_is_an_item_error);
    tcase_add_test(tc, delete_groups_reports_each_group);
    tcase_add_test(tc, group_calls_refuse_bad_arguments);
    tcase_add_test(tc, group_offsets_list_alter_delete);
    tcase_add_test(tc, group_offsets_refuse_bad_arguments);
    tcase_add_test(tc, group_lag_per_partition);
    tcase_add_test(tc, reset_group_offsets_every_way);
    tcase_add_test(tc, group_calls_time_out_without_brokers);
    suite_add_tcase(s, tc);
    return s;
}
