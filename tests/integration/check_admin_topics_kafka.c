/* The admin client's topic calls against the real broker, with their per-topic errors. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/codec_conn_test.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

START_TEST(create_topics_reports_each_topic)
{
    TEST_NEED_KAFKA(bootstrap);
    char t1[128], t2[128], dup[128], bad_rf[128];
    test_topic_name("admin-ct", t1, sizeof(t1));
    test_topic_name("admin-ct", t2, sizeof(t2));
    test_topic_name("admin-ct-dup", dup, sizeof(dup));
    test_topic_name("admin-ct-rf", bad_rf, sizeof(bad_rf));
    ck_assert_int_eq(test_create_topic(bootstrap, dup, 1), 0);
    moldau_admin_t *a = test_admin_new(bootstrap);

    moldau_admin_config_t cfg[] = {{"cleanup.policy", "compact"}, {"retention.ms", "123456"}};
    int32_t broker0[] = {1};
    moldau_admin_replicas_t assignment[] = {{broker0, 1}, {broker0, 1}, {broker0, 1}};
    moldau_admin_new_topic_t nt[4] = {MOLDAU_ADMIN_NEW_TOPIC_INIT, MOLDAU_ADMIN_NEW_TOPIC_INIT,
                                      MOLDAU_ADMIN_NEW_TOPIC_INIT, MOLDAU_ADMIN_NEW_TOPIC_INIT};
    nt[0].name = t1;
    nt[0].num_partitions = 4;
    nt[0].replication_factor = 1;
    nt[0].configs = cfg;
    nt[0].n_configs = 2;
    nt[1].name = dup;
    nt[2].name = bad_rf;
    nt[2].num_partitions = 1;
    nt[2].replication_factor = (int16_t)(test_admin_brokers(a) + 1);
    nt[3].name = t2;

    broker0[0] = test_admin_broker_id(a); /* for the explicit assignment */
    nt[3].assignment = assignment;
    nt[3].n_assignment = 3;

    moldau_admin_create_topics_result_t *r = NULL;
    moldau_err_t err = moldau_admin_create_topics(a, nt, 4, 0, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_uint_eq(r->n_items, 4);
    for (size_t i = 0; i < 4; i++)
        ck_assert_str_eq(r->items[i]->name, nt[i].name);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[0]->num_partitions, 4);
    ck_assert_int_eq(r->items[0]->replication_factor, 1);
    static const uint8_t zero[16];
    ck_assert_msg(memcmp(r->items[0]->topic_id, zero, 16) != 0, "no topic id");
    int seen = 0;
    for (size_t i = 0; i < r->items[0]->n_configs; i++) {
        const moldau_admin_config_entry_t *c = r->items[0]->configs[i];
        if (strcmp(c->name, "cleanup.policy") == 0) {
            ck_assert_str_eq(c->value, "compact");
            ck_assert_int_eq(c->source, MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC);
            ck_assert_int_eq(c->is_default, 0);
            seen++;
        } else if (strcmp(c->name, "retention.ms") == 0) {
            ck_assert_str_eq(c->value, "123456");
            seen++;
        }
    }
    ck_assert_int_eq(seen, 2);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_TOPIC_ALREADY_EXISTS);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_int_eq(r->items[2]->err, MOLDAU_ERR_INVALID_REPLICATION_FACTOR);
    ck_assert_ptr_nonnull(r->items[2]->errmsg);
    ck_assert_msg(r->items[3]->err == MOLDAU_ERR_NONE, "%s", r->items[3]->errmsg);
    ck_assert_int_eq(r->items[3]->num_partitions, 3);
    moldau_admin_result_free(r);

    /* the broker has them as asked */
    int32_t n1 = -1, n2 = -1;
    for (int i = 0; i < 100 && (n1 != 4 || n2 != 3); i++) {
        n1 = test_admin_partitions(a, t1);
        n2 = test_admin_partitions(a, t2);
        if (n1 != 4 || n2 != 3)
            usleep(100 * 1000);
    }
    ck_assert_int_eq(n1, 4);
    ck_assert_int_eq(n2, 3);
    ck_assert_int_eq(test_admin_partitions(a, bad_rf), -1);
    moldau_admin_close(a);
}
END_TEST

START_TEST(create_topics_validate_only_creates_nothing)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128];
    test_topic_name("admin-ct-val", t, sizeof(t));
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_new_topic_t nt = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    nt.name = t;
    nt.num_partitions = 5;
    moldau_admin_create_topics_result_t *r = NULL;
    ck_assert_int_eq(moldau_admin_create_topics(a, &nt, 1, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_int_eq(r->items[0]->num_partitions, 5);
    moldau_admin_result_free(r);
    usleep(500 * 1000);
    ck_assert_int_eq(test_admin_partitions(a, t), -1);

    /* broker defaults (-1): num.partitions, default.replication.factor */
    nt.num_partitions = -1;
    ck_assert_int_eq(moldau_admin_create_topics(a, &nt, 1, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_int_eq(r->items[0]->num_partitions, test_admin_broker_config(a, "num.partitions"));
    ck_assert_int_eq(r->items[0]->replication_factor,
                     test_admin_broker_config(a, "default.replication.factor"));
    moldau_admin_result_free(r);
    moldau_admin_close(a);
}
END_TEST

START_TEST(create_topics_refuses_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_create_topics_result_t *r = (void *)1;
    moldau_admin_new_topic_t nt[2] = {MOLDAU_ADMIN_NEW_TOPIC_INIT, MOLDAU_ADMIN_NEW_TOPIC_INIT};
    ck_assert_int_eq(moldau_admin_create_topics(a, NULL, 1, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    nt[0].name = "x";
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 0, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    /* no name */
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 2, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    /* twice */
    nt[1].name = "x";
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 2, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    nt[0].num_partitions = -2;
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 1, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    nt[0].num_partitions = 2;
    nt[0].replication_factor = -7;
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 1, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    /* an assignment beside a partition count */
    int32_t b[] = {1};
    moldau_admin_replicas_t as[] = {{b, 1}, {NULL, 0}};
    nt[0].replication_factor = -1;
    nt[0].assignment = as;
    nt[0].n_assignment = 1;
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 1, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    /* an empty replica list */
    nt[0].num_partitions = -1;
    nt[0].n_assignment = 2;
    ck_assert_int_eq(moldau_admin_create_topics(a, nt, 1, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

static const moldau_admin_topic_listing_t *listed(const moldau_admin_topic_listings_t *l,
                                                  const char *name)
{
    for (size_t i = 0; i < l->n_items; i++)
        if (strcmp(l->items[i]->name, name) == 0)
            return l->items[i];
    return NULL;
}

START_TEST(list_topics_hides_internal_unless_asked)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128];
    test_topic_name("admin-list", t, sizeof(t));
    ck_assert_int_eq(test_create_topic(bootstrap, t, 2), 0);
    /* __consumer_offsets exists once a group's coordinator was asked for */
    test_conn_t c;
    test_conn_open(&c, bootstrap, "admin_topics_kafka");
    test_conn_find_coordinator(&c, "admin-list-group", 0);
    test_conn_close(&c);
    moldau_admin_t *a = test_admin_new(bootstrap);

    moldau_admin_topic_listings_t *l = NULL;
    ck_assert_int_eq(moldau_admin_list_topics(a, 0, -1, &l), MOLDAU_ERR_NONE);
    const moldau_admin_topic_listing_t *mine = listed(l, t);
    ck_assert_ptr_nonnull(mine);
    ck_assert_int_eq(mine->is_internal, 0);
    static const uint8_t zero[16];
    ck_assert_msg(memcmp(mine->topic_id, zero, 16) != 0, "no topic id");
    ck_assert_ptr_null(listed(l, "__consumer_offsets"));
    for (size_t i = 0; i < l->n_items; i++) {
        ck_assert_int_eq(l->items[i]->is_internal, 0);
        if (i > 0)
            ck_assert_int_lt(strcmp(l->items[i - 1]->name, l->items[i]->name), 0);
    }
    moldau_admin_result_free(l);

    ck_assert_int_eq(moldau_admin_list_topics(a, 1, -1, &l), MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(listed(l, t));
    const moldau_admin_topic_listing_t *off = listed(l, "__consumer_offsets");
    ck_assert_ptr_nonnull(off);
    ck_assert_int_eq(off->is_internal, 1);
    moldau_admin_result_free(l);
    moldau_admin_close(a);
}
END_TEST

static int is_broker(const moldau_metadata_t *md, int32_t id)
{
    for (int i = 0; i < md->n_brokers; i++)
        if (md->brokers[i]->id == id)
            return 1;
    return 0;
}

START_TEST(describe_topics_reports_partitions_and_unknown_topics)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128], unknown[128];
    test_topic_name("admin-desc", t, sizeof(t));
    test_topic_name("admin-desc-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, t, 3), 0);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_metadata_t *md;
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), NULL, 0, 30000, &md), 0);

    const char *names[] = {unknown, t};
    moldau_admin_topic_descriptions_t *r = NULL;
    ck_assert_int_eq(moldau_admin_describe_topics(a, names, 2, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 2);
    ck_assert_str_eq(r->items[0]->name, unknown);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[0]->errmsg);
    ck_assert_uint_eq(r->items[0]->n_partitions, 0);
    const moldau_admin_topic_description_t *d = r->items[1];
    ck_assert_str_eq(d->name, t);
    ck_assert_msg(d->err == MOLDAU_ERR_NONE, "%s", d->errmsg);
    ck_assert_int_eq(d->is_internal, 0);
    static const uint8_t zero[16];
    ck_assert_msg(memcmp(d->topic_id, zero, 16) != 0, "no topic id");
    ck_assert_uint_eq(d->n_partitions, 3);
    for (size_t i = 0; i < 3; i++) {
        const moldau_metadata_partition_t *p = d->partitions[i];
        ck_assert_int_eq(p->id, (int32_t)i);
        ck_assert_int_eq(p->err, MOLDAU_ERR_NONE);
        ck_assert_int_ge(p->leader_epoch, 0);
        ck_assert_int_eq(p->n_replicas, 1); /* test_create_topic: replication factor 1 */
        ck_assert_int_eq(p->leader, p->replicas[0]);
        ck_assert_msg(is_broker(md, p->leader), "leader %d", (int)p->leader);
        ck_assert_int_eq(p->n_isr, 1);
        ck_assert_int_eq(p->isr[0], p->replicas[0]);
        ck_assert_int_eq(p->n_offline_replicas, 0);
    }
    moldau_admin_result_free(r);
    moldau_metadata_destroy(md);

    r = (void *)1;
    const char *bad[] = {t, NULL};
    ck_assert_int_eq(moldau_admin_describe_topics(a, bad, 2, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_describe_topics(a, names, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_topics(a, NULL, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(create_partitions_reports_each_topic)
{
    TEST_NEED_KAFKA(bootstrap);
    char t1[128], t2[128], unknown[128];
    test_topic_name("admin-cp", t1, sizeof(t1));
    test_topic_name("admin-cp", t2, sizeof(t2));
    test_topic_name("admin-cp-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, t1, 1), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, t2, 2), 0);
    moldau_admin_t *a = test_admin_new(bootstrap);
    int32_t broker[] = {test_admin_broker_id(a)};

    moldau_admin_replicas_t as[] = {{broker, 1}, {broker, 1}};
    moldau_admin_new_partitions_t np[4] = {
        MOLDAU_ADMIN_NEW_PARTITIONS_INIT, MOLDAU_ADMIN_NEW_PARTITIONS_INIT,
        MOLDAU_ADMIN_NEW_PARTITIONS_INIT, MOLDAU_ADMIN_NEW_PARTITIONS_INIT};
    char t2b[128];
    snprintf(t2b, sizeof(t2b), "%s", t2);
    np[0].topic = t1;
    np[0].total_count = 3;
    np[0].assignment = as;
    np[0].n_assignment = 2;
    np[1].topic = unknown;
    np[1].total_count = 2;
    np[2].topic = t2;
    np[2].total_count = 2; /* it has 2 already */

    /* validate only: nothing changes */
    moldau_admin_topic_results_t *r = NULL;
    ck_assert_int_eq(moldau_admin_create_partitions(a, np, 3, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    usleep(300 * 1000);
    ck_assert_int_eq(test_admin_partitions(a, t1), 1);

    ck_assert_int_eq(moldau_admin_create_partitions(a, np, 3, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(r->items[i]->name, np[i].topic);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_int_eq(r->items[2]->err, MOLDAU_ERR_INVALID_PARTITIONS);
    ck_assert_ptr_nonnull(r->items[2]->errmsg);
    moldau_admin_result_free(r);
    int32_t n = -1;
    for (int i = 0; i < 100 && n != 3; i++) {
        if ((n = test_admin_partitions(a, t1)) != 3)
            usleep(100 * 1000);
    }
    ck_assert_int_eq(n, 3);

    /* without an assignment the broker places the new partitions (a null list, not an empty
     * one: the broker counts an empty list against the partitions added) */
    moldau_admin_new_partitions_t grow = MOLDAU_ADMIN_NEW_PARTITIONS_INIT;
    grow.topic = t2;
    grow.total_count = 4;
    ck_assert_int_eq(moldau_admin_create_partitions(a, &grow, 1, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    for (int i = 0; i < 100 && n != 4; i++) {
        if ((n = test_admin_partitions(a, t2)) != 4)
            usleep(100 * 1000);
    }
    ck_assert_int_eq(n, 4);

    r = (void *)1;
    ck_assert_int_eq(moldau_admin_create_partitions(a, NULL, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_create_partitions(a, np, 0, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    np[3].topic = t2b;
    np[3].total_count = 0;
    ck_assert_int_eq(moldau_admin_create_partitions(a, &np[3], 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    np[3].total_count = 5;
    ck_assert_int_eq(moldau_admin_create_partitions(a, &np[2], 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG); /* t2 twice */
    moldau_admin_replicas_t empty[] = {{NULL, 0}};
    np[3].assignment = empty;
    np[3].n_assignment = 1;
    ck_assert_int_eq(moldau_admin_create_partitions(a, &np[3], 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_records_moves_the_log_start)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128], unknown[128];
    test_topic_name("admin-dr", t, sizeof(t));
    test_topic_name("admin-dr-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, t, 3), 0);
    test_produce_ids(bootstrap, t, 3, 0, 30, NULL); /* 10 records in each partition */
    moldau_admin_t *a = test_admin_new(bootstrap);

    moldau_admin_delete_records_t dr[] = {
        {t, 0, 4}, {t, 7, 1}, {t, 1, MOLDAU_OFFSET_END}, {unknown, 0, 1}, {t, 2, 11}};
    moldau_admin_delete_records_results_t *r = NULL;
    moldau_err_t err = moldau_admin_delete_records(a, dr, 5, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_uint_eq(r->n_items, 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert_str_eq(r->items[i]->topic, dr[i].topic);
        ck_assert_int_eq(r->items[i]->partition, dr[i].partition);
    }
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[0]->low_watermark, 4);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_int_eq(r->items[1]->low_watermark, -1);
    ck_assert_msg(r->items[2]->err == MOLDAU_ERR_NONE, "%s", r->items[2]->errmsg);
    ck_assert_int_eq(r->items[2]->low_watermark, 10);
    ck_assert_int_eq(r->items[3]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_int_eq(r->items[4]->err, MOLDAU_ERR_OFFSET_OUT_OF_RANGE);
    moldau_admin_result_free(r);

    /* the leader says so too */
    moldau_consumer_t *c = test_consumer_new(bootstrap, NULL);
    int64_t low, high;
    ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, t, 0, &low, &high, 10000), 0);
    ck_assert_int_eq(low, 4);
    ck_assert_int_eq(high, 10);
    ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, t, 1, &low, &high, 10000), 0);
    ck_assert_int_eq(low, 10);
    ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, t, 2, &low, &high, 10000), 0);
    ck_assert_int_eq(low, 0);
    moldau_consumer_close(c);

    r = (void *)1;
    ck_assert_int_eq(moldau_admin_delete_records(a, NULL, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_delete_records(a, dr, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_delete_records_t bad[] = {
        {t, -1, 0}, {t, 0, -2}, {NULL, 0, 0}, {t, 0, 1}, {t, 0, 2}};
    for (size_t i = 0; i < 3; i++)
        ck_assert_int_eq(moldau_admin_delete_records(a, &bad[i], 1, -1, &r),
                         MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_records(a, &bad[3], 2, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_topics_reports_each_topic)
{
    TEST_NEED_KAFKA(bootstrap);
    char t1[128], t2[128], unknown[128];
    test_topic_name("admin-del", t1, sizeof(t1));
    test_topic_name("admin-del", t2, sizeof(t2));
    test_topic_name("admin-del-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, t1, 2), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, t2, 1), 0);
    moldau_admin_t *a = test_admin_new(bootstrap);

    const char *names[] = {t1, unknown, t2};
    moldau_admin_topic_results_t *r = NULL;
    moldau_err_t err = moldau_admin_delete_topics(a, names, 3, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_uint_eq(r->n_items, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(r->items[i]->name, names[i]);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_msg(r->items[2]->err == MOLDAU_ERR_NONE, "%s", r->items[2]->errmsg);
    moldau_admin_result_free(r);

    /* gone from the metadata, eventually */
    int gone = 0;
    for (int i = 0; i < 100 && !gone; i++) {
        gone = test_admin_partitions(a, t1) < 0 && test_admin_partitions(a, t2) < 0;
        if (!gone)
            usleep(100 * 1000);
    }
    ck_assert_msg(gone, "deleted topics still in the metadata after 10 s");
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_topics_refuses_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_topic_results_t *r = (void *)1;
    const char *empty[] = {""};
    ck_assert_int_eq(moldau_admin_delete_topics(a, empty, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_delete_topics(a, NULL, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_topics_times_out_without_brokers)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "2", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_ptr_nonnull(a);
    const char *names[] = {"t"};
    moldau_admin_topic_results_t *r = (void *)1;
    ck_assert_int_eq(moldau_admin_delete_topics(a, names, 1, 500, &r), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_topics_kafka_suite(void)
{
    Suite *s = suite_create("admin_topics_kafka");
    TCase *tc = tcase_create("admin_topics_kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, create_topics_reports_each_topic);
    tcase_add_test(tc, create_topics_validate_only_creates_nothing);
    tcase_add_test(tc, create_topics_refuses_bad_arguments);
    tcase_add_test(tc, list_topics_hides_internal_unless_asked);
    tcase_add_test(tc, describe_topics_reports_partitions_and_unknown_topics);
    tcase_add_test(tc, create_partitions_reports_each_topic);
    tcase_add_test(tc, delete_records_moves_the_log_start);
    tcase_add_test(tc, delete_topics_reports_each_topic);
    tcase_add_test(tc, delete_topics_refuses_bad_arguments);
    tcase_add_test(tc, delete_topics_times_out_without_brokers);
    suite_add_tcase(s, tc);
    return s;
}
