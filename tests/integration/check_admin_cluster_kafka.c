/* The admin client's cluster calls against the real broker: DescribeCluster beside Metadata,
 * and the features ApiVersions reports. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/peer_test.h"

START_TEST(describe_cluster_matches_the_metadata)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_cluster_description_t *d = NULL;
    moldau_err_t err = moldau_admin_describe_cluster(a, -1, &d);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    moldau_metadata_t *md;
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), NULL, 0, 30000, &md), 0);

    ck_assert_ptr_nonnull(d->cluster_id);
    ck_assert_ptr_nonnull(md->cluster_id);
    ck_assert_str_eq(d->cluster_id, md->cluster_id);
    ck_assert_int_ge(d->controller_id, 0);
    ck_assert_uint_eq(d->n_brokers, (size_t)md->n_brokers);
    int controller_listed = 0;
    for (size_t i = 0; i < d->n_brokers; i++) {
        const moldau_metadata_broker_t *b = d->brokers[i];
        const moldau_metadata_broker_t *m = NULL;
        for (int j = 0; j < md->n_brokers; j++)
            if (md->brokers[j]->id == b->id)
                m = md->brokers[j];
        ck_assert_msg(m != NULL, "broker %d not in the metadata", (int)b->id);
        ck_assert_str_eq(b->host, m->host);
        ck_assert_int_eq(b->port, m->port);
        ck_assert_int_gt(b->port, 0);
        ck_assert_ptr_eq(b->rack, NULL); /* the test brokers have no rack */
        controller_listed |= b->id == d->controller_id;
    }
    /* combined broker+controller nodes: the controller KRaft names is one of them */
    ck_assert_msg(controller_listed, "controller %d not among the brokers",
                  (int)d->controller_id);
    moldau_metadata_destroy(md);
    moldau_admin_result_free(d);
    moldau_admin_close(a);
}
END_TEST

START_TEST(describe_features_reports_metadata_version)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_features_t *f = NULL;
    moldau_err_t err = moldau_admin_describe_features(a, -1, &f);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    const moldau_admin_finalized_feature_t *fin = NULL;
    for (size_t i = 0; i < f->n_finalized; i++)
        if (strcmp(f->finalized[i]->name, "metadata.version") == 0)
            fin = f->finalized[i];
    const moldau_admin_supported_feature_t *sup = NULL;
    for (size_t i = 0; i < f->n_supported; i++)
        if (strcmp(f->supported[i]->name, "metadata.version") == 0)
            sup = f->supported[i];
    ck_assert_msg(fin != NULL, "metadata.version not finalized (%zu finalized)", f->n_finalized);
    ck_assert_msg(sup != NULL, "metadata.version not supported (%zu supported)", f->n_supported);
    ck_assert_int_ge(f->finalized_epoch, 0);
    /* the level in force lies within what the broker supports; 4.x needs 3.3-IV3 (7) or later */
    ck_assert_int_ge(fin->max_version_level, 7);
    ck_assert_int_ge(fin->max_version_level, sup->min_version);
    ck_assert_int_le(fin->max_version_level, sup->max_version);
    ck_assert_int_le(sup->min_version, sup->max_version);
    moldau_admin_result_free(f);
    moldau_admin_close(a);
}
END_TEST

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every call, against a bootstrap address nobody listens on: MOLDAU_ERR__TIMED_OUT within its
 * timeout and *out NULL, never a hang. */
START_TEST(admin_calls_time_out_without_brokers)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "2", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_ptr_nonnull(a);
    const int T = 300;
    void *r;
#define TIMES_OUT(call)                                                                        \
    do {                                                                                       \
        r = (void *)1;                                                                         \
        int64_t t0 = now_ms();                                                                 \
        ck_assert_int_eq(call, MOLDAU_ERR__TIMED_OUT);                                         \
        ck_assert_int_lt(now_ms() - t0, 5 * T);                                                \
        ck_assert_ptr_null(r);                                                                 \
    } while (0)
    TIMES_OUT(moldau_admin_describe_cluster(a, T, (moldau_admin_cluster_description_t **)&r));
    TIMES_OUT(moldau_admin_describe_features(a, T, (moldau_admin_features_t **)&r));
    moldau_admin_new_topic_t nt = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    nt.name = "t";
    TIMES_OUT(moldau_admin_create_topics(a, &nt, 1, 0, T,
                                         (moldau_admin_create_topics_result_t **)&r));
    TIMES_OUT(moldau_admin_list_topics(a, 0, T, (moldau_admin_topic_listings_t **)&r));
    const char *names[] = {"t"};
    TIMES_OUT(moldau_admin_describe_topics(a, names, 1, T,
                                           (moldau_admin_topic_descriptions_t **)&r));
    moldau_admin_new_partitions_t np = MOLDAU_ADMIN_NEW_PARTITIONS_INIT;
    np.topic = "t";
    np.total_count = 2;
    TIMES_OUT(
        moldau_admin_create_partitions(a, &np, 1, 0, T, (moldau_admin_topic_results_t **)&r));
    moldau_admin_delete_records_t dr = {"t", 0, 1};
    TIMES_OUT(moldau_admin_delete_records(a, &dr, 1, T,
                                          (moldau_admin_delete_records_results_t **)&r));
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res.name = "t";
    TIMES_OUT(moldau_admin_describe_configs(a, &res, 1, 0, T,
                                            (moldau_admin_config_resource_results_t **)&r));
    moldau_admin_config_op_t op = {"retention.ms", MOLDAU_ADMIN_CONFIG_OP_SET, "1"};
    moldau_admin_alter_config_t alter = MOLDAU_ADMIN_ALTER_CONFIG_INIT;
    alter.type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    alter.name = "t";
    alter.ops = &op;
    alter.n_ops = 1;
    TIMES_OUT(moldau_admin_incremental_alter_configs(
        a, &alter, 1, 0, T, (moldau_admin_config_resource_results_t **)&r));
#undef TIMES_OUT

    /* a NULL handle or out */
    ck_assert_int_eq(
        moldau_admin_describe_cluster(NULL, T, (moldau_admin_cluster_description_t **)&r),
        MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_cluster(a, T, NULL), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_list_topics(a, 0, T, NULL), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_delete_topics(NULL, names, 1, T,
                                                (moldau_admin_topic_results_t **)&r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_cluster_kafka_suite(void)
{
    Suite *s = suite_create("admin_cluster_kafka");
    TCase *tc = tcase_create("admin_cluster_kafka");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, describe_cluster_matches_the_metadata);
    tcase_add_test(tc, describe_features_reports_metadata_version);
    tcase_add_test(tc, admin_calls_time_out_without_brokers);
    suite_add_tcase(s, tc);
    return s;
}
